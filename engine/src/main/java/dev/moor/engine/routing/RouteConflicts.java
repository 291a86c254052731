package dev.moor.engine.routing;

import dev.moor.spec.AppSpec;
import dev.moor.spec.HttpsSpec;
import dev.moor.spec.RouteSpec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether an app's routes can share the edge with other apps' routes. Apps may serve on one port when every
 * request can reach one app only: their routes must differ by host, or by path prefixes neither of which covers
 * the other, or by methods or header values. A route of one app that would take some of another app's requests
 * (a longer prefix under its path, say) collides too: an app never takes another's traffic by accident. Over HTTPS,
 * where every app shares the server's one port, each host has one app (its certificate is the app's) and the routes
 * served there must not collide either, whatever the apps' plain ports.
 */
public final class RouteConflicts {
    private RouteConflicts() {}

    /**
     * @return one message per colliding pair of routes, naming both apps, both routes and the port; empty when
     *         {@code candidate} fits beside {@code others} (an earlier version of the candidate among them is
     *         skipped)
     */
    public static List<String> between(AppSpec candidate, Collection<AppSpec> others) {
        List<String> conflicts = new ArrayList<>(overHttps(candidate, others));
        Optional<Integer> port = candidate.edge().listen();
        if (port.isEmpty()) {
            return conflicts;
        }
        for (AppSpec other : others) {
            if (other.name().equals(candidate.name()) || !other.edge().listen().equals(port)) {
                continue;
            }
            for (int i = 0; i < candidate.routes().size(); i++) {
                RouteSpec mine = candidate.routes().get(i);
                for (int j = 0; j < other.routes().size(); j++) {
                    RouteSpec theirs = other.routes().get(j);
                    if (overlap(mine, theirs)) {
                        conflicts.add("routes[" + i + "] (" + describe(mine) + ") collides with routes[" + j + "] ("
                                + describe(theirs) + ") of app " + other.name() + " on port " + port.get()
                                + ": some requests would match both (expected: another host, or a path prefix"
                                + " that neither covers the other's nor lies under it)");
                    }
                }
            }
        }
        return conflicts;
    }

    /** Hosts both apps serve over HTTPS, and routes that collide there while their plain ports differ. */
    private static List<String> overHttps(AppSpec candidate, Collection<AppSpec> others) {
        List<String> conflicts = new ArrayList<>();
        Optional<HttpsSpec> mine = candidate.edge().https();
        if (mine.isEmpty()) {
            return conflicts;
        }
        for (AppSpec other : others) {
            Optional<HttpsSpec> theirs = other.edge().https();
            if (other.name().equals(candidate.name()) || theirs.isEmpty()) {
                continue;
            }
            List<String> hosts = mine.get().hosts();
            for (int i = 0; i < hosts.size(); i++) {
                if (theirs.get().hosts().contains(hosts.get(i))) {
                    conflicts.add("edge.https.hosts[" + i + "]: " + hosts.get(i) + " is served over HTTPS by app "
                            + other.name() + " too (expected: a host no other app serves over HTTPS: each host has"
                            + " one certificate)");
                }
            }
            if (other.edge().listen().equals(candidate.edge().listen())) {
                // On one port the plain routes collide first, and the HTTPS ones are narrower.
                continue;
            }
            for (int i = 0; i < candidate.routes().size(); i++) {
                RouteSpec route = candidate.routes().get(i);
                for (int j = 0; j < other.routes().size(); j++) {
                    RouteSpec otherRoute = other.routes().get(j);
                    if (collideOverHttps(route, mine.get(), otherRoute, theirs.get())) {
                        conflicts.add("routes[" + i + "] (" + describe(route) + ") collides over HTTPS with routes[" + j
                                + "] (" + describe(otherRoute) + ") of app " + other.name() + ": some HTTPS requests"
                                + " would match both (expected: another host, or a path prefix that neither covers"
                                + " the other's nor lies under it)");
                    }
                }
            }
        }
        return conflicts;
    }

    private static boolean collideOverHttps(RouteSpec a, HttpsSpec aHttps, RouteSpec b, HttpsSpec bHttps) {
        for (String aHost : EdgeSnapshots.httpsHosts(a.host(), aHttps.hosts())) {
            for (String bHost : EdgeSnapshots.httpsHosts(b.host(), bHttps.hosts())) {
                if (hostsOverlap(Optional.of(aHost), Optional.of(bHost)) && pathsOverlap(a.pathPrefix(), b.pathPrefix())
                        && methodsOverlap(a.methods(), b.methods()) && headersCompatible(a.headers(), b.headers())) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean overlap(RouteSpec a, RouteSpec b) {
        return hostsOverlap(a.host(), b.host()) && pathsOverlap(a.pathPrefix(), b.pathPrefix())
                && methodsOverlap(a.methods(), b.methods()) && headersCompatible(a.headers(), b.headers());
    }

    static boolean hostsOverlap(Optional<String> a, Optional<String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return true;
        }
        String x = a.get().toLowerCase(Locale.ROOT);
        String y = b.get().toLowerCase(Locale.ROOT);
        boolean xWild = x.startsWith("*.");
        boolean yWild = y.startsWith("*.");
        if (!xWild && !yWild) {
            return x.equals(y);
        }
        if (xWild && yWild) {
            // *.example.com and *.a.example.com both match b.a.example.com.
            return x.endsWith(y.substring(1)) || y.endsWith(x.substring(1));
        }
        String wildcard = xWild ? x : y;
        String exact = xWild ? y : x;
        return exact.endsWith(wildcard.substring(1));
    }

    static boolean pathsOverlap(String a, String b) {
        return covers(a, b) || covers(b, a);
    }

    /** Whether prefix {@code outer} matches every path that {@code inner} matches (segment-wise). */
    private static boolean covers(String outer, String inner) {
        String o = outer.endsWith("/") && outer.length() > 1 ? outer.substring(0, outer.length() - 1) : outer;
        String i = inner.endsWith("/") && inner.length() > 1 ? inner.substring(0, inner.length() - 1) : inner;
        return o.equals("/") || i.equals(o) || i.startsWith(o + "/");
    }

    static boolean methodsOverlap(Set<String> a, Set<String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return true;
        }
        Set<String> common = new HashSet<>(a);
        common.retainAll(b);
        return !common.isEmpty();
    }

    /** Two header conditions exclude each other only when they ask one header for different values. */
    static boolean headersCompatible(Map<String, String> a, Map<String, String> b) {
        for (Map.Entry<String, String> header : a.entrySet()) {
            String other = b.get(header.getKey());
            if (other != null && !other.equals(header.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static String describe(RouteSpec route) {
        StringBuilder text = new StringBuilder();
        text.append("host ").append(route.host().orElse("any")).append(", path ").append(route.pathPrefix());
        if (!route.methods().isEmpty()) {
            text.append(", methods ").append(String.join(" ", route.methods().stream().sorted().toList()));
        }
        return text.toString();
    }
}

package dev.moor.server;

import dev.moor.engine.routing.EdgeSnapshots;
import dev.moor.spec.AppSpec;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code moor cache purge [--app APP] [ROUTE|URL-PREFIX]}: which stored responses leave the edges' caches.
 *
 * <p>Without an app, every app's; with one, only those its routes stored. The target narrows it down:
 * <ul>
 *   <li>a route of the app, {@code routes[1]} (with the app) or {@code shop/routes[1]}: what that route stored, over
 *       HTTP and HTTPS;</li>
 *   <li>a path prefix, {@code /blog/}: every host's URLs under it;</li>
 *   <li>a host, with a path prefix or not, {@code www.example.com/blog/}: that host's, over HTTP and HTTPS;</li>
 *   <li>a URL prefix, {@code https://www.example.com/blog/}: that scheme's, host's and path's.</li>
 * </ul>
 * A prefix is matched as it is written, against paths with their query: {@code /blog} takes {@code /blog/a} and
 * {@code /blogroll}.
 *
 * @param app    the app whose stored responses go; every app's when empty
 * @param target a route or a URL prefix; everything (of the app) when empty
 */
public record CachePurgeRequest(Optional<String> app, Optional<String> target) {
    private static final Pattern ROUTE = Pattern.compile("(?:([^/\\s]+)/)?routes\\[(\\d{1,6})]");
    private static final Pattern URL = Pattern.compile("(https?)://([^/?#\\s]+)([^#\\s]*)", Pattern.CASE_INSENSITIVE);
    private static final Pattern HOST_PATH = Pattern.compile(
            "((?:[A-Za-z0-9-]+\\.)*[A-Za-z0-9-]+|\\[[0-9A-Fa-f:.]+])(?::(\\d{1,5}))?(/[^#\\s]*)?");
    private static final String EXPECTED = "expected: a route such as routes[0] or shop/routes[0], a path prefix such "
            + "as /blog/, a host such as www.example.com or www.example.com/blog/, or a URL prefix such as "
            + "https://www.example.com/blog/";

    public CachePurgeRequest {
        app = app == null ? Optional.empty() : app.filter(name -> !name.isBlank());
        target = target == null ? Optional.empty() : target.map(String::strip).filter(text -> !text.isEmpty());
    }

    /**
     * What the edges remove: the cache partitions of the routes it names, and the scheme, host and path prefix.
     *
     * @param partitions the partitions to purge in, every one when empty
     */
    public record Scope(Set<String> partitions, Optional<String> scheme, Optional<String> host, String pathPrefix) {
        public Scope {
            partitions = Set.copyOf(partitions);
        }
    }

    /**
     * Resolves the request against the server's apps.
     *
     * @param specs the spec of an app of the server, by name; empty when there is none of that name
     * @throws IllegalArgumentException when the app is not the server's, the target is none of the forms above, or the
     *                                  route is not one of the app's, saying which and what was expected
     */
    public Scope scope(Function<String, Optional<AppSpec>> specs) {
        String text = target.orElse("");
        Matcher route = ROUTE.matcher(text);
        if (route.matches()) {
            String routeApp = route.group(1);
            if (routeApp != null && app.isPresent() && !app.get().equals(routeApp)) {
                throw new IllegalArgumentException("route " + text + ": of app " + routeApp + ", not of " + app.get()
                        + " (expected: a route of the app given with --app)");
            }
            String name = routeApp != null ? routeApp : app.orElseThrow(() -> new IllegalArgumentException(
                    "route " + text + ": of which app? (expected: --app APP, or the route as APP/" + text + ")"));
            AppSpec spec = spec(specs, name);
            int index = Integer.parseInt(route.group(2));
            if (index >= spec.routes().size()) {
                throw new IllegalArgumentException("route " + text + ": app " + name + " has " + spec.routes().size()
                        + " route(s) (expected: routes[0]" + (spec.routes().size() > 1 ? " to routes["
                        + (spec.routes().size() - 1) + "]" : "") + ")");
            }
            return new Scope(Set.of(EdgeSnapshots.cachePartition(name, index)), Optional.empty(), Optional.empty(), "/");
        }
        Set<String> partitions = app.map(name -> partitions(spec(specs, name))).orElse(Set.of());
        if (text.isEmpty()) {
            return new Scope(partitions, Optional.empty(), Optional.empty(), "/");
        }
        if (text.startsWith("/")) {
            return new Scope(partitions, Optional.empty(), Optional.empty(), text);
        }
        Matcher url = URL.matcher(text);
        if (url.matches()) {
            return new Scope(partitions, Optional.of(url.group(1).toLowerCase(Locale.ROOT)),
                    Optional.of(url.group(2)), pathPrefix(url.group(3)));
        }
        Matcher hostPath = HOST_PATH.matcher(text);
        if (hostPath.matches() && !text.contains("://")) {
            String host = hostPath.group(2) == null ? hostPath.group(1) : hostPath.group(1) + ":" + hostPath.group(2);
            return new Scope(partitions, Optional.empty(), Optional.of(host), pathPrefix(hostPath.group(3)));
        }
        throw new IllegalArgumentException("target: " + text + " (" + EXPECTED + ")");
    }

    private static String pathPrefix(String pathAndQuery) {
        if (pathAndQuery == null || pathAndQuery.isEmpty()) {
            return "/";
        }
        return pathAndQuery.startsWith("?") ? "/" + pathAndQuery : pathAndQuery;
    }

    /** Every route's partition, caching or not: a route may have cached before its spec changed. */
    private static Set<String> partitions(AppSpec spec) {
        if (spec.routes().isEmpty()) {
            throw new IllegalArgumentException("app " + spec.name() + ": has no routes, so nothing of it is cached "
                    + "(expected: an app with routes:)");
        }
        Set<String> partitions = new LinkedHashSet<>();
        for (int i = 0; i < spec.routes().size(); i++) {
            partitions.add(EdgeSnapshots.cachePartition(spec.name(), i));
        }
        return partitions;
    }

    private static AppSpec spec(Function<String, Optional<AppSpec>> specs, String name) {
        return specs.apply(name).orElseThrow(() -> new IllegalArgumentException("app " + name
                + ": not on this server (expected: an app that moor apps lists)"));
    }
}

package dev.moor.edge.routing;

import dev.moor.snapshot.Route;
import dev.moor.snapshot.SnapshotProblem;
import io.netty.handler.codec.http.HttpHeaders;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A snapshot's routes compiled for lookup; immutable, safe to share between event loops.
 *
 * <p>The routes are grouped by host pattern: exact hosts and wildcard suffixes in hash tables, any-host routes
 * on their own. Each group holds a trie of path segments, and links to the less specific groups that match the
 * same hosts, so a lookup costs a few hash probes per host label and path segment, whatever the route count.
 * Among the routes that match, {@link Route}'s order applies; where it leaves two wildcard hosts tied, the
 * longer suffix wins ({@code *.eu.example.com} before {@code *.example.com}).
 *
 * <p>The request path is matched as given (an empty path is "/"): percent-encoding is not decoded, and a path
 * that does not start with '/' or has a {@code ..} segment (also percent-encoded) matches no route.
 */
public final class RouteTable {
    private final CharRangeMap<HostGroup> exactHosts;
    private final CharRangeMap<HostGroup> wildcardSuffixes;
    private final HostGroup anyHost;
    private final List<SnapshotProblem> problems;

    private RouteTable(CharRangeMap<HostGroup> exactHosts, CharRangeMap<HostGroup> wildcardSuffixes, HostGroup anyHost,
                       List<SnapshotProblem> problems) {
        this.exactHosts = exactHosts;
        this.wildcardSuffixes = wildcardSuffixes;
        this.anyHost = anyHost;
        this.problems = List.copyOf(problems);
    }

    /**
     * Compiles routes; a broken route (no backends, unknown cluster, a negative weight or none above 0, a canary
     * whose sides are not among its backends, bad host or prefix, a duplicate of an earlier route's
     * host+prefix+methods+headers) is skipped and reported.
     */
    public static RouteTable compile(List<Route> routes, Set<String> clusterNames) {
        List<SnapshotProblem> problems = new ArrayList<>();
        Map<RouteKey, String> declared = new HashMap<>();
        Map<String, List<CompiledRoute>> byExactHost = new LinkedHashMap<>();
        Map<String, List<CompiledRoute>> byWildcardSuffix = new LinkedHashMap<>();
        List<CompiledRoute> anyHostRoutes = new ArrayList<>();
        for (int index = 0; index < routes.size(); index++) {
            Route route = routes.get(index);
            String where = route.id() == null || route.id().isBlank() ? "routes[" + index + "]" : route.id();
            List<String> messages = RouteChecks.problems(route, clusterNames);
            if (messages.isEmpty()) {
                String earlier = declared.putIfAbsent(RouteKey.of(route), where);
                if (earlier != null) {
                    messages = List.of("duplicates " + earlier + " (same host, path prefix, methods and headers)");
                }
            }
            if (!messages.isEmpty()) {
                messages.forEach(message -> problems.add(new SnapshotProblem(where, message)));
                continue;
            }
            CompiledRoute compiled = new CompiledRoute(route, index);
            String host = route.host().map(name -> name.toLowerCase(Locale.ROOT)).orElse("");
            if (host.isEmpty()) {
                anyHostRoutes.add(compiled);
            } else if (host.startsWith("*.")) {
                byWildcardSuffix.computeIfAbsent(host.substring(2), suffix -> new ArrayList<>()).add(compiled);
            } else {
                byExactHost.computeIfAbsent(host, name -> new ArrayList<>()).add(compiled);
            }
        }

        HostGroup anyHost = anyHostRoutes.isEmpty() ? null : new HostGroup(anyHostRoutes, null);
        // Shorter suffixes first: a group links to the longest shorter suffix it ends with, built before it.
        Map<String, HostGroup> wildcards = new HashMap<>();
        byWildcardSuffix.entrySet().stream()
                .sorted(Comparator.comparingInt(entry -> entry.getKey().length()))
                .forEach(entry -> wildcards.put(entry.getKey(), new HostGroup(entry.getValue(),
                        lessSpecific(entry.getKey(), wildcards, anyHost))));
        Map<String, HostGroup> exact = new HashMap<>();
        byExactHost.forEach((host, hostRoutes) ->
                exact.put(host, new HostGroup(hostRoutes, lessSpecific(host, wildcards, anyHost))));
        return new RouteTable(CharRangeMap.ignoringAsciiCase(exact), CharRangeMap.ignoringAsciiCase(wildcards),
                anyHost, problems);
    }

    /** The group of the longest wildcard suffix that matches {@code host} (a name or a suffix), else any host. */
    private static HostGroup lessSpecific(String host, Map<String, HostGroup> wildcards, HostGroup anyHost) {
        for (int dot = host.indexOf('.', 1); dot >= 0; dot = host.indexOf('.', dot + 1)) {
            HostGroup group = wildcards.get(host.substring(dot + 1));
            if (group != null) {
                return group;
            }
        }
        return anyHost;
    }

    /** The routes that were skipped, and why. */
    public List<SnapshotProblem> problems() {
        return problems;
    }

    /**
     * The best route for a request, or null. host: the Host header value (may carry a port, any case);
     * path: the request path without the query. Must not slow down with 10,000 routes.
     */
    public RouteMatch match(String host, String path, String method, HttpHeaders headers) {
        String requestPath = path == null || path.isEmpty() ? "/" : path;
        if (!RequestPaths.routable(requestPath)) {
            return null;
        }
        CompiledRoute best = null;
        for (HostGroup group = mostSpecificGroup(host); group != null; group = group.next) {
            // Groups come from the most specific host down, so a later one must have a strictly longer prefix.
            CompiledRoute candidate = group.match(requestPath, method, headers, best == null ? -1 : best.prefixLength);
            if (candidate != null) {
                best = candidate;
            }
        }
        return best == null ? null : new RouteMatch(best.route, best.upstreamPath(requestPath));
    }

    private HostGroup mostSpecificGroup(String host) {
        if (host == null || host.isEmpty() || host.charAt(0) == '[') {
            return anyHost;   // no host, or an IPv6 literal: no name to match
        }
        // The name ends at the port, and the fully qualified form (a trailing dot) names the same host.
        int end = 0;
        int hash = 0;
        int hashBeforeDot = 0;
        char c;
        while (end < host.length() && (c = host.charAt(end)) != ':') {
            hashBeforeDot = c == '.' ? hash : hashBeforeDot;
            hash = CharRangeMap.hash(hash, CharRangeMap.lowerAscii(c));
            end++;
        }
        if (end > 0 && host.charAt(end - 1) == '.') {
            end--;
            hash = hashBeforeDot;
        }
        HostGroup exact = exactHosts.get(host, 0, end, hash);
        if (exact != null) {
            return exact;
        }
        for (int dot = 1; dot < end; dot++) {
            if (host.charAt(dot) == '.') {
                HostGroup wildcard = wildcardSuffixes.get(host, dot + 1, end, lowerCaseHash(host, dot + 1, end));
                if (wildcard != null) {
                    return wildcard;
                }
            }
        }
        return anyHost;
    }

    private static int lowerCaseHash(String text, int from, int to) {
        int hash = 0;
        for (int i = from; i < to; i++) {
            hash = CharRangeMap.hash(hash, CharRangeMap.lowerAscii(text.charAt(i)));
        }
        return hash;
    }
}

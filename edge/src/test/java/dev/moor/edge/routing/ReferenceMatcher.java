package dev.moor.edge.routing;

import dev.moor.snapshot.Route;
import io.netty.handler.codec.http.HttpHeaders;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Route's javadoc read literally, as a linear scan: the yardstick RouteTable is compared with. Slow and
 * simple on purpose; shares no code with the table.
 */
final class ReferenceMatcher {
    private static final Pattern DNS_NAME =
            Pattern.compile("(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    private static final Pattern DOT_DOT = Pattern.compile("(\\.|%2[eE]){2}");
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");

    private record Candidate(Route route, int order) {}

    private final List<Candidate> usable = new ArrayList<>();

    ReferenceMatcher(List<Route> routes, Set<String> clusterNames) {
        Set<List<Object>> seen = new HashSet<>();
        for (int i = 0; i < routes.size(); i++) {
            Route route = routes.get(i);
            if (isUsable(route, clusterNames) && seen.add(duplicateKey(route))) {
                usable.add(new Candidate(route, i));
            }
        }
    }

    /** The ids of the routes that are usable, in declaration order. */
    List<String> usableIds() {
        return usable.stream().map(candidate -> candidate.route().id()).toList();
    }

    private static boolean isUsable(Route route, Set<String> clusterNames) {
        return !route.backends().isEmpty()
                && route.backends().stream().allMatch(b -> clusterNames.contains(b.cluster()) && b.weight() >= 0)
                && route.backends().stream().anyMatch(b -> b.weight() > 0)
                && route.host().map(ReferenceMatcher::isHostPattern).orElse(true)
                && isPath(route.pathPrefix())
                && route.rewritePrefix().map(ReferenceMatcher::isPath).orElse(true)
                && route.methods().stream().allMatch(m -> TOKEN.matcher(m).matches())
                && route.headers().keySet().stream().allMatch(h -> TOKEN.matcher(h).matches())
                && route.headers().keySet().stream().map(h -> h.toLowerCase(Locale.ROOT)).distinct().count()
                   == route.headers().size()
                && route.headers().values().stream().allMatch(v -> v.chars().noneMatch(c -> (c < 32 && c != 9) || c == 127));
    }

    private static boolean isHostPattern(String host) {
        return DNS_NAME.matcher(host.startsWith("*.") ? host.substring(2) : host).matches();
    }

    private static boolean isPath(String path) {
        return path.startsWith("/") && path.chars().allMatch(c -> c > ' ' && c < 127 && c != '?' && c != '#')
               && !hasDotDotSegment(path);
    }

    private static boolean hasDotDotSegment(String path) {
        for (String segment : path.split("/", -1)) {
            if (DOT_DOT.matcher(segment).matches()) {
                return true;
            }
        }
        return false;
    }

    private static List<Object> duplicateKey(Route route) {
        return List.of(route.host().orElse("").toLowerCase(Locale.ROOT), route.pathPrefix(), route.methods(),
                route.headers().entrySet().stream()
                        .collect(Collectors.toMap(e -> e.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue)));
    }

    RouteMatch match(String hostHeader, String rawPath, String method, HttpHeaders headers) {
        String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        if (!path.startsWith("/") || hasDotDotSegment(path)) {
            return null;
        }
        String host = hostWithoutPort(hostHeader);
        return usable.stream()
                .filter(c -> hostMatches(c.route().host(), host) && prefixMatches(c.route().pathPrefix(), path)
                             && (c.route().methods().isEmpty() || c.route().methods().contains(method))
                             && c.route().headers().entrySet().stream().allMatch(h ->
                        headers != null && headers.getAll(h.getKey()).contains(h.getValue())))
                .min(Comparator.comparingInt((Candidate c) -> -c.route().pathPrefix().length())
                        .thenComparingInt(c -> -hostSpecificity(c.route().host()))
                        .thenComparing(c -> c.route().methods().isEmpty() && c.route().headers().isEmpty())
                        .thenComparingInt(Candidate::order))
                .map(c -> new RouteMatch(c.route(), upstreamPath(c.route(), path)))
                .orElse(null);
    }

    private static String hostWithoutPort(String header) {
        if (header == null || header.startsWith("[")) {
            return "";
        }
        String host = header.contains(":") ? header.substring(0, header.indexOf(':')) : header;
        host = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        StringBuilder lower = new StringBuilder();
        host.chars().forEach(c -> lower.append((char) (c >= 'A' && c <= 'Z' ? c + 32 : c)));
        return lower.toString();
    }

    private static boolean hostMatches(Optional<String> pattern, String host) {
        if (pattern.isEmpty()) {
            return true;
        }
        String lower = pattern.get().toLowerCase(Locale.ROOT);
        if (lower.startsWith("*.")) {
            String suffix = lower.substring(1);
            return host.endsWith(suffix) && host.length() > suffix.length();
        }
        return host.equals(lower);
    }

    private static int hostSpecificity(Optional<String> pattern) {
        return pattern.map(p -> p.startsWith("*.") ? p.length() : Integer.MAX_VALUE).orElse(0);
    }

    private static boolean prefixMatches(String prefix, String path) {
        return prefix.endsWith("/") ? path.startsWith(prefix) : path.equals(prefix) || path.startsWith(prefix + "/");
    }

    private static String upstreamPath(Route route, String path) {
        if (route.rewritePrefix().isEmpty()) {
            return path;
        }
        String rewrite = route.rewritePrefix().get();
        String prefix = route.pathPrefix();
        String rest = path.substring(prefix.endsWith("/") ? prefix.length() - 1 : prefix.length());
        if (rest.isEmpty()) {
            return rewrite;
        }
        return rewrite.endsWith("/") ? rewrite + rest.substring(1) : rewrite + rest;
    }
}

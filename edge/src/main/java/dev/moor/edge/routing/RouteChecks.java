package dev.moor.edge.routing;

import dev.moor.snapshot.CanaryRouting;
import dev.moor.snapshot.Route;
import dev.moor.snapshot.WeightedCluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What makes a single route unusable; duplicates across routes are {@link RouteTable}'s concern. */
final class RouteChecks {
    private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

    private RouteChecks() {}

    /** The problems of one route, each as {@code key: value (expected: ...)}; empty when it is usable. */
    static List<String> problems(Route route, Set<String> clusterNames) {
        List<String> problems = new ArrayList<>();
        checkBackends(route.backends(), clusterNames, problems);
        Optional<CanaryRouting> canary = route.canary();
        if (canary != null && canary.isPresent()) {
            checkCanary(canary.get(), route.backends(), problems);
        }
        route.host().ifPresent(host -> {
            if (!isHostPattern(host)) {
                problems.add("host: " + (host.isEmpty() ? "(empty)" : host)
                        + " (expected: a DNS name like shop.example.com or a wildcard like *.example.com)");
            }
        });
        checkPath("pathPrefix", route.pathPrefix(), problems);
        route.rewritePrefix().ifPresent(rewrite -> checkPath("rewritePrefix", rewrite, problems));
        for (String method : route.methods()) {
            if (!isToken(method)) {
                problems.add("methods: " + method + " (expected: a method token like GET)");
            }
        }
        checkHeaders(route.headers(), problems);
        return problems;
    }

    private static void checkBackends(List<WeightedCluster> backends, Set<String> clusterNames, List<String> problems) {
        if (backends.isEmpty()) {
            problems.add("backends: none (expected: at least one)");
        }
        for (WeightedCluster backend : backends) {
            if (backend.cluster() == null || !clusterNames.contains(backend.cluster())) {
                problems.add("backend " + backend.cluster() + ": no such cluster");
            }
            if (backend.weight() < 0) {
                problems.add("backend " + backend.cluster() + ": weight " + backend.weight() + " (expected: >= 0)");
            }
        }
        if (!backends.isEmpty() && backends.stream().allMatch(backend -> backend.weight() == 0)) {
            problems.add("backends: every weight is 0 (expected: at least one > 0)");
        }
    }

    private static void checkCanary(CanaryRouting canary, List<WeightedCluster> backends, List<String> problems) {
        checkSide("canary.stableCluster", canary.stableCluster(), backends, problems);
        checkSide("canary.canaryCluster", canary.canaryCluster(), backends, problems);
        if (canary.stableCluster() != null && canary.stableCluster().equals(canary.canaryCluster())) {
            problems.add("canary: stableCluster and canaryCluster are both " + canary.stableCluster()
                    + " (expected: two different backends)");
        }
        // The version goes into a Set-Cookie value as it is.
        if (canary.version() == null || !isCookieValue(canary.version())) {
            problems.add("canary.version: " + (canary.version() == null || canary.version().isEmpty() ? "(empty)"
                    : canary.version()) + " (expected: visible ASCII characters but '\"', ',', ';' and '\\')");
        }
        if (canary.header() == null || !isToken(canary.header())) {
            problems.add("canary.header: " + (canary.header() == null || canary.header().isEmpty() ? "(empty)"
                    : canary.header()) + " (expected: a header name token like " + CanaryRouting.DEFAULT_HEADER + ")");
        }
        Optional<String> cookie = canary.cookie();
        if (cookie != null && cookie.isPresent() && !isToken(cookie.get())) {
            problems.add("canary.cookie: " + (cookie.get().isEmpty() ? "(empty)" : cookie.get())
                    + " (expected: a cookie name token like moor-canary)");
        }
    }

    private static void checkSide(String key, String cluster, List<WeightedCluster> backends, List<String> problems) {
        for (WeightedCluster backend : backends) {
            if (backend.cluster() != null && backend.cluster().equals(cluster)) {
                return;
            }
        }
        problems.add(key + ": " + cluster + " (expected: one of the route's backends)");
    }

    /** RFC 6265 cookie-octets: what a cookie value may hold unquoted. */
    private static boolean isCookieValue(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= ' ' || c >= 0x7f || c == '"' || c == ',' || c == ';' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    private static void checkPath(String key, String path, List<String> problems) {
        if (path == null || !path.startsWith("/")) {
            problems.add(key + ": " + (path == null || path.isEmpty() ? "(empty)" : path) + " (expected: starts with '/')");
        } else if (path.chars().anyMatch(c -> c == '?' || c == '#' || c <= ' ' || c >= 0x7f)) {
            // Requests arrive as ASCII: a prefix with other characters could never match.
            problems.add(key + ": " + path + " (expected: visible ASCII characters but '?' and '#'; percent-encode others)");
        } else if (RequestPaths.hasDotDotSegment(path)) {
            problems.add(key + ": " + path + " (expected: no '..' segment)");
        }
    }

    private static void checkHeaders(Map<String, String> headers, List<String> problems) {
        Map<String, String> seen = new HashMap<>();
        headers.forEach((name, value) -> {
            if (!isToken(name)) {
                problems.add("headers: " + name + " (expected: a header name token like x-env)");
                return;
            }
            if (value.chars().anyMatch(c -> (c < ' ' && c != '\t') || c == 0x7f)) {
                problems.add("headers." + name + ": the value has control characters (expected: none)");
            }
            String other = seen.put(name.toLowerCase(Locale.ROOT), name);
            if (other != null) {
                problems.add("headers: " + other + " and " + name + " name the same header");
            }
        });
    }

    /** An exact DNS name, or {@code *.} and a DNS name. */
    static boolean isHostPattern(String host) {
        return host.startsWith("*.") ? isDnsName(host, 2) : isDnsName(host, 0);
    }

    private static boolean isDnsName(String name, int from) {
        int length = name.length() - from;
        if (length < 1 || length > 253) {
            return false;
        }
        int labelStart = from;
        for (int i = from; i <= name.length(); i++) {
            if (i == name.length() || name.charAt(i) == '.') {
                if (!isLabel(name, labelStart, i)) {
                    return false;
                }
                labelStart = i + 1;
            }
        }
        return true;
    }

    private static boolean isLabel(String name, int from, int to) {
        if (to - from < 1 || to - from > 63 || name.charAt(from) == '-' || name.charAt(to - 1) == '-') {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = name.charAt(i);
            if (!(isAsciiLetterOrDigit(c) || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isToken(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isAsciiLetterOrDigit(c) && TOKEN_SYMBOLS.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}

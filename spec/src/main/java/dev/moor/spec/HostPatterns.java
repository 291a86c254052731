package dev.moor.spec;

import java.util.Locale;
import java.util.Optional;

/**
 * Host patterns as routes and HTTPS hosts write them: an exact name ({@code shop.example.com}), or {@code *.} and a
 * domain for every name under it, one label deep or more ({@code *.example.com} matches {@code a.example.com} and
 * {@code a.b.example.com}, not {@code example.com}). Case does not matter.
 */
public final class HostPatterns {
    private HostPatterns() {}

    /** Whether {@code pattern} matches the exact name {@code host}. */
    public static boolean matches(String pattern, String host) {
        String p = pattern.toLowerCase(Locale.ROOT);
        String h = host.toLowerCase(Locale.ROOT);
        return isWildcard(p) ? h.endsWith(p.substring(1)) : p.equals(h);
    }

    /**
     * The names both patterns match, as one pattern (lower case): the more specific of the two when one covers the
     * other; empty when they share no name.
     */
    public static Optional<String> intersection(String a, String b) {
        String x = a.toLowerCase(Locale.ROOT);
        String y = b.toLowerCase(Locale.ROOT);
        if (!isWildcard(x)) {
            return matches(y, x) ? Optional.of(x) : Optional.empty();
        }
        if (!isWildcard(y)) {
            return matches(x, y) ? Optional.of(y) : Optional.empty();
        }
        // *.a.example.com lies under *.example.com: the longer suffix is the narrower pattern.
        if (x.endsWith(y.substring(1)) || x.equals(y)) {
            return Optional.of(x);
        }
        return y.endsWith(x.substring(1)) ? Optional.of(y) : Optional.empty();
    }

    /** The names a route of host {@code routeHost} (any host when empty) serves among those {@code pattern} matches. */
    public static Optional<String> intersection(Optional<String> routeHost, String pattern) {
        return routeHost.map(host -> intersection(host, pattern)).orElseGet(() -> Optional.of(pattern.toLowerCase(Locale.ROOT)));
    }

    static boolean isWildcard(String pattern) {
        return pattern.startsWith("*.");
    }
}

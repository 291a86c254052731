package dev.moor.edge.cache;

import java.util.Locale;

/**
 * The primary cache key of a request (RFC 9111 §4.1): its target URI as scheme, host and target, normalised so that
 * spellings of one URI share an entry (RFC 3986 §6.2.2): scheme and host in lower case, the scheme's default port
 * and a host's trailing dot left out, an absolute-form target cut to its path and query, an empty path made
 * {@code /}, percent-encodings in upper case and those of unreserved characters decoded. The method is not part of
 * it: only GET responses are stored, and HEAD is answered from them.
 *
 * <p>The URI alone is not the key: the edge serves several apps, and two of them (or two routes of one, told apart
 * by method or header) may answer one URI differently, so a key belongs to a partition, its route's, and a route
 * never gets what another stored.
 *
 * @param partition the partition of the route that stored it (see {@link dev.moor.snapshot.CachePolicy}), without
 *                  spaces; empty outside any route
 * @param target    the path and query ({@code /a/b?c=d}), never empty
 */
public record CacheKey(String partition, String scheme, String host, String target) {

    /**
     * Normalises the parts of a request's target URI; {@code host} may carry a port, and may be null (none).
     *
     * @throws IllegalArgumentException when {@code partition} has a space
     */
    public static CacheKey of(String partition, String scheme, String host, String target) {
        if (partition.indexOf(' ') >= 0) {
            throw new IllegalArgumentException("partition: \"" + partition + "\" (expected: no spaces)");
        }
        String normalScheme = scheme.toLowerCase(Locale.ROOT);
        return new CacheKey(partition, normalScheme, host(normalScheme, host == null ? "" : host), target(target));
    }

    /** {@code scheme://host/target}. */
    public String uri() {
        return scheme + "://" + host + target;
    }

    /** The partition and the URI, {@code partition scheme://host/target}: the form entries are found by. */
    String id() {
        return partition.isEmpty() ? uri() : partition + " " + uri();
    }

    /** The key of another URI in this key's partition. */
    CacheKey sibling(String scheme, String target) {
        return new CacheKey(partition, scheme, host, target);
    }

    static String host(String scheme, String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        int portColon = lower.startsWith("[") ? lower.indexOf("]:") + 1 : lower.lastIndexOf(':');
        String name = portColon > 0 ? lower.substring(0, portColon) : lower;
        String port = portColon > 0 ? lower.substring(portColon + 1) : "";
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        boolean defaultPort = port.isEmpty() || port.equals("80") && scheme.equals("http")
                || port.equals("443") && scheme.equals("https");
        return defaultPort ? name : name + ":" + port;
    }

    static String target(String target) {
        String pathAndQuery = target;
        int schemeEnd = target.indexOf("://");
        if (!target.startsWith("/") && schemeEnd > 0) {
            int pathStart = schemeEnd + 3;
            while (pathStart < target.length() && target.charAt(pathStart) != '/' && target.charAt(pathStart) != '?') {
                pathStart++;
            }
            pathAndQuery = target.substring(pathStart);
        }
        if (pathAndQuery.isEmpty() || pathAndQuery.charAt(0) == '?') {
            pathAndQuery = "/" + pathAndQuery;
        }
        return pathAndQuery.indexOf('%') < 0 ? pathAndQuery : percentEncodings(pathAndQuery);
    }

    private static String percentEncodings(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        while (at < text.length()) {
            char c = text.charAt(at);
            int high = at + 2 < text.length() && c == '%' ? hex(text.charAt(at + 1)) : -1;
            int low = high >= 0 ? hex(text.charAt(at + 2)) : -1;
            if (low < 0) {
                out.append(c);
                at++;
                continue;
            }
            char decoded = (char) (high * 16 + low);
            if (unreserved(decoded)) {
                out.append(decoded);
            } else {
                out.append('%').append(Character.toUpperCase(text.charAt(at + 1)))
                        .append(Character.toUpperCase(text.charAt(at + 2)));
            }
            at += 3;
        }
        return out.toString();
    }

    private static int hex(char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    private static boolean unreserved(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_'
                || c == '~';
    }
}

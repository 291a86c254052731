package dev.moor.edge.cache;

import java.util.Locale;

/**
 * The primary cache key of a request (RFC 9111 §4.1): its target URI as scheme, host and target, normalised so that
 * spellings of one URI share an entry (RFC 3986 §6.2.2): scheme and host in lower case, the scheme's default port
 * and a host's trailing dot left out, an absolute-form target cut to its path and query, an empty path made
 * {@code /}, percent-encodings in upper case and those of unreserved characters decoded. The method is not part of
 * it: only GET responses are stored, and HEAD is answered from them.
 *
 * @param target the path and query ({@code /a/b?c=d}), never empty
 */
public record CacheKey(String scheme, String host, String target) {

    /** Normalises the parts of a request's target URI; {@code host} may carry a port, and may be null (none). */
    public static CacheKey of(String scheme, String host, String target) {
        String normalScheme = scheme.toLowerCase(Locale.ROOT);
        return new CacheKey(normalScheme, host(normalScheme, host == null ? "" : host), target(target));
    }

    /** {@code scheme://host/target}: the form entries are found by. */
    public String uri() {
        return scheme + "://" + host + target;
    }

    /** Whether this key's host is {@code host} (normalised as keys are) and its target starts with {@code pathPrefix}. */
    public boolean matches(String host, String pathPrefix) {
        return this.host.equals(host(scheme, host)) && target.startsWith(pathPrefix);
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

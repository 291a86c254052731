package dev.moor.edge.cache;

import io.netty.handler.codec.DateFormatter;

import java.util.Date;
import java.util.List;

/**
 * A client's own conditional GET or HEAD answered from a stored 200 response (RFC 9111 §4.3.2, RFC 9110 §13):
 * If-None-Match with the weak comparison (§8.8.3.2), else If-Modified-Since against the stored Last-Modified, or
 * its Date when it has none.
 */
final class Conditionals {
    private Conditionals() {}

    /** Whether the request's conditions make the answer 304 Not Modified rather than the stored response. */
    static boolean notModified(CachedResponse stored, CacheRequest request) {
        if (stored.status() != 200) {
            return false;
        }
        List<String> noneMatch = request.ifNoneMatch();
        if (!noneMatch.isEmpty()) {
            return anyMatches(noneMatch, stored.etag());
        }
        String modifiedSince = request.ifModifiedSince();
        if (modifiedSince == null) {
            return false;
        }
        Date since = DateFormatter.parseHttpDate(modifiedSince);
        if (since == null) {
            return false;
        }
        long lastModified = stored.lastModified() != Freshness.NO_TIME ? stored.lastModified() : stored.date();
        return lastModified <= since.getTime();
    }

    /** Whether one of the If-None-Match lines' entity tags (or {@code *}) matches {@code etag} weakly. */
    static boolean anyMatches(List<String> lines, String etag) {
        for (String line : lines) {
            int at = 0;
            while (at < line.length()) {
                char c = line.charAt(at);
                if (c == ',' || c == ' ' || c == '\t') {
                    at++;
                } else if (c == '*') {
                    return true;
                } else {
                    int end = tagEnd(line, at);
                    if (etag != null && weakEquals(line.substring(at, end), etag)) {
                        return true;
                    }
                    at = end;
                }
            }
        }
        return false;
    }

    /** Weak comparison: the opaque tags are equal, either or both may be weak. */
    static boolean weakEquals(String a, String b) {
        return opaque(a).equals(opaque(b));
    }

    private static String opaque(String tag) {
        String trimmed = tag.trim();
        return trimmed.startsWith("W/") ? trimmed.substring(2) : trimmed;
    }

    /** The end of the entity tag at {@code start}: past its closing quote (commas may sit inside quotes). */
    private static int tagEnd(String line, int start) {
        int at = line.startsWith("W/", start) ? start + 2 : start;
        if (at < line.length() && line.charAt(at) == '"') {
            int close = line.indexOf('"', at + 1);
            return close < 0 ? line.length() : close + 1;
        }
        int comma = line.indexOf(',', at);
        return comma < 0 ? line.length() : comma;
    }
}

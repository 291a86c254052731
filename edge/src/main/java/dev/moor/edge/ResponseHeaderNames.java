package dev.moor.edge;

import io.netty.util.AsciiString;

import java.util.Locale;

/**
 * The lower-case names of the response headers most upstreams send, found from a raw head's bytes without
 * allocating: an HTTP/2 response names them with these shared strings instead of a new lowercased copy each.
 * Open addressing on a hash of the lowercased bytes; any other name is lowercased into a new string.
 */
final class ResponseHeaderNames {
    private static final String[] COMMON = {
            "accept-ranges", "access-control-allow-credentials", "access-control-allow-headers",
            "access-control-allow-methods", "access-control-allow-origin", "access-control-expose-headers",
            "access-control-max-age", "age", "alt-svc", "cache-control", "content-disposition", "content-encoding",
            "content-language", "content-length", "content-location", "content-range", "content-security-policy",
            "content-type", "date", "etag", "expires", "last-modified", "link", "location", "permissions-policy",
            "referrer-policy", "retry-after", "server", "set-cookie", "strict-transport-security", "vary", "via",
            "www-authenticate", "x-content-type-options", "x-frame-options", "x-powered-by", "x-xss-protection"};
    private static final int SLOTS = 128;
    private static final int MASK = SLOTS - 1;
    private static final AsciiString[] TABLE = new AsciiString[SLOTS];

    static {
        for (String name : COMMON) {
            AsciiString cached = AsciiString.cached(name.toLowerCase(Locale.ROOT));
            byte[] bytes = cached.array();
            int slot = hash(bytes, cached.arrayOffset(), cached.arrayOffset() + cached.length()) & MASK;
            while (TABLE[slot] != null) {
                slot = (slot + 1) & MASK;
            }
            TABLE[slot] = cached;
        }
    }

    private ResponseHeaderNames() {}

    /** The lower-case name {@code bytes[start, end)}: a shared string for a common name, else a new one. */
    static AsciiString lowerCase(byte[] bytes, int start, int end) {
        int slot = hash(bytes, start, end) & MASK;
        AsciiString candidate;
        while ((candidate = TABLE[slot]) != null) {
            if (matches(candidate, bytes, start, end)) {
                return candidate;
            }
            slot = (slot + 1) & MASK;
        }
        byte[] name = new byte[end - start];
        for (int i = 0; i < name.length; i++) {
            name[i] = lower(bytes[start + i]);
        }
        return new AsciiString(name, false);
    }

    private static boolean matches(AsciiString candidate, byte[] bytes, int start, int end) {
        if (candidate.length() != end - start) {
            return false;
        }
        byte[] expected = candidate.array();
        int offset = candidate.arrayOffset();
        for (int i = start; i < end; i++) {
            if (expected[offset + i - start] != lower(bytes[i])) {
                return false;
            }
        }
        return true;
    }

    private static int hash(byte[] bytes, int start, int end) {
        int hash = end - start;
        for (int i = start; i < end; i++) {
            hash = hash * 31 + lower(bytes[i]);
        }
        return hash ^ (hash >>> 7);
    }

    private static byte lower(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
    }
}

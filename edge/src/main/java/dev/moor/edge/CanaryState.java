package dev.moor.edge;

import dev.moor.snapshot.CanaryRouting;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;

import java.util.List;

/**
 * A route's canary as one snapshot serves it: its two sides, the header a request may choose a side with, and the
 * cookie that keeps a client on its side (its values and the Set-Cookie lines built once).
 */
final class CanaryState {
    private static final AsciiString ALWAYS = AsciiString.cached("always");
    private static final AsciiString NEVER = AsciiString.cached("never");

    final ClusterState stable;
    final ClusterState canary;
    private final AsciiString header;
    /** The cookie's name; null when the deploy asked for no stickiness. */
    private final String cookie;
    private final String canaryValue;
    private final String stableValue;
    private final AsciiString setCanary;
    private final AsciiString setStable;

    CanaryState(CanaryRouting routing, ClusterState stable, ClusterState canary) {
        this.stable = stable;
        this.canary = canary;
        this.header = AsciiString.of(routing.header());
        this.cookie = routing.cookie() == null ? null : routing.cookie().orElse(null);
        this.canaryValue = "canary-" + routing.version();
        this.stableValue = "stable-" + routing.version();
        this.setCanary = setCookie(cookie, canaryValue);
        this.setStable = setCookie(cookie, stableValue);
    }

    private static AsciiString setCookie(String name, String value) {
        return name == null ? null : AsciiString.of(name + "=" + value + "; Path=/; HttpOnly; SameSite=Lax");
    }

    /** Whether a client is kept on its side by a cookie. */
    boolean sticky() {
        return cookie != null;
    }

    /** The side the request's header asks for ({@code always} or {@code never}, in any case), or null. */
    ClusterState byHeader(HttpHeaders headers) {
        String value = headers.get(header);
        if (value == null) {
            return null;
        }
        if (ALWAYS.contentEqualsIgnoreCase(value)) {
            return canary;
        }
        return NEVER.contentEqualsIgnoreCase(value) ? stable : null;
    }

    /** The side the request's cookie names for this canary's version, or null (no cookie, or one of another canary). */
    ClusterState byCookie(HttpHeaders headers) {
        // RFC 6265 allows one Cookie line; some clients send several, and HTTP/2's crumbs arrive joined in one.
        List<String> lines = headers.getAll(HttpHeaderNames.COOKIE);
        for (int i = 0; i < lines.size(); i++) {
            ClusterState side = side(lines.get(i));
            if (side != null) {
                return side;
            }
        }
        return null;
    }

    /** The side the first pair of {@code cookie=...} with a value of this version names, in one Cookie line. */
    private ClusterState side(String line) {
        int length = line.length();
        int at = 0;
        while (at < length) {
            while (at < length && (line.charAt(at) == ' ' || line.charAt(at) == '\t')) {
                at++;
            }
            int end = line.indexOf(';', at);
            if (end < 0) {
                end = length;
            }
            int nameEnd = at + cookie.length();
            if (nameEnd < end && line.charAt(nameEnd) == '=' && line.startsWith(cookie, at)) {
                int valueStart = nameEnd + 1;
                int valueEnd = end;
                while (valueEnd > valueStart && (line.charAt(valueEnd - 1) == ' ' || line.charAt(valueEnd - 1) == '\t')) {
                    valueEnd--;
                }
                if (valueEnd - valueStart >= 2 && line.charAt(valueStart) == '"' && line.charAt(valueEnd - 1) == '"') {
                    valueStart++;
                    valueEnd--;
                }
                if (is(line, valueStart, valueEnd, canaryValue)) {
                    return canary;
                }
                if (is(line, valueStart, valueEnd, stableValue)) {
                    return stable;
                }
            }
            at = end + 1;
        }
        return null;
    }

    private static boolean is(String line, int start, int end, String value) {
        return end - start == value.length() && line.startsWith(value, start);
    }

    /** The side to serve: {@code side}, or the other one when {@code side} has no endpoint and the other has. */
    ClusterState servable(ClusterState side) {
        if (side.endpoints.length > 0) {
            return side;
        }
        ClusterState other = side == canary ? stable : side == stable ? canary : null;
        return other != null && other.endpoints.length > 0 ? other : side;
    }

    /** The Set-Cookie value that keeps the client on the side that served it; null when there is none to keep. */
    AsciiString setCookie(ClusterState served) {
        return served == canary ? setCanary : served == stable ? setStable : null;
    }
}

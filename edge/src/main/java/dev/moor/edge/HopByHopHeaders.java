package dev.moor.edge;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

import java.util.List;

/**
 * Removes the headers that describe one connection rather than the message (RFC 9110 7.6.1): Connection and
 * every header it names, Keep-Alive, Proxy-Connection, TE, Trailer and Upgrade. Transfer-Encoding stays: it is
 * only ever {@code chunked} here, and the encoder on the other side frames the body by it again.
 */
final class HopByHopHeaders {
    private HopByHopHeaders() {}

    static void strip(HttpHeaders headers) {
        if (headers.contains(HttpHeaderNames.CONNECTION)) {
            List<String> values = headers.getAll(HttpHeaderNames.CONNECTION);
            headers.remove(HttpHeaderNames.CONNECTION);
            for (String value : values) {
                removeListed(headers, value);
            }
        }
        headers.remove(HttpHeaderNames.KEEP_ALIVE);
        headers.remove(HeaderNames.PROXY_CONNECTION);
        headers.remove(HttpHeaderNames.TE);
        headers.remove(HttpHeaderNames.TRAILER);
        headers.remove(HttpHeaderNames.UPGRADE);
    }

    private static void removeListed(HttpHeaders headers, String value) {
        int start = 0;
        while (start < value.length()) {
            int comma = value.indexOf(',', start);
            int end = comma < 0 ? value.length() : comma;
            String name = value.substring(start, end).strip();
            // Framing is re-done by the codec; a client must not make the edge drop it (or Host) by listing it.
            if (!name.isEmpty() && !name.equalsIgnoreCase("transfer-encoding") && !name.equalsIgnoreCase("content-length")
                    && !name.equalsIgnoreCase("host")) {
                headers.remove(name);
            }
            start = end + 1;
        }
    }
}

package dev.moor.edge.filter;

import java.util.List;
import java.util.Objects;

/**
 * A response a filter makes in place of the upstream's. The edge adds its framing, X-Request-Id and Connection
 * lines; a HEAD request gets the head without the body.
 *
 * @param status  the status code, 200 to 599
 * @param headers header lines as name, value pairs, in order, without framing or hop-by-hop names
 * @param body    the body, empty for none
 */
public record LocalAnswer(int status, List<Header> headers, byte[] body) implements Answer {
    /** One header line. */
    public record Header(String name, String value) {
        public Header {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    public LocalAnswer {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("status: " + status + " (expected: 200 to 599)");
        }
        headers = List.copyOf(headers);
        Objects.requireNonNull(body, "body");
    }
}

package dev.moor.edge.tls;

import dev.moor.edge.filter.BodyFilter;
import dev.moor.edge.filter.FilteredRequest;
import dev.moor.edge.filter.ResponseFilter;
import dev.moor.edge.filter.ResponseHeaders;

import java.time.Duration;

/**
 * The HSTS header of an HTTPS route's answers ({@code Strict-Transport-Security: max-age=N}, RFC 6797): added to
 * proxied responses that do not carry one of their own (an app that sets its own policy keeps it).
 */
public final class StrictTransportSecurity implements ResponseFilter {
    private static final String NAME = "strict-transport-security";
    private final String value;

    public StrictTransportSecurity(Duration maxAge) {
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("hsts: " + maxAge + " (expected: >= 0s)");
        }
        this.value = "max-age=" + maxAge.toSeconds();
    }

    @Override
    public BodyFilter filter(FilteredRequest request, ResponseHeaders head) {
        if (!head.contains(NAME)) {
            head.add(NAME, value);
        }
        return null;
    }

    @Override
    public String toString() {
        return "StrictTransportSecurity[" + value + "]";
    }
}

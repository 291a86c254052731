package dev.moor.snapshot;

import java.time.Duration;
import java.util.List;

/**
 * How the edge treats forwarding headers and draining endpoints.
 *
 * <p>Incoming {@code X-Forwarded-*} and {@code Forwarded} headers are trusted only from peers inside
 * {@code trustedProxies}; from anyone else they are replaced. With {@code translateCloudFront}, a trusted peer's
 * {@code CloudFront-Forwarded-Proto} becomes the standard forwarded proto.
 *
 * @param trustedProxies      CIDR blocks ({@code 10.0.0.0/8}, {@code 2001:db8::/32}, or single addresses)
 * @param translateCloudFront whether CloudFront's proto header is honoured from trusted peers
 * @param drainTimeout        how long in-flight requests to an endpoint that left the snapshot may take
 */
public record ForwardingPolicy(List<String> trustedProxies, boolean translateCloudFront, Duration drainTimeout) {
    public static final ForwardingPolicy DEFAULT = new ForwardingPolicy(List.of(), false, Duration.ofSeconds(30));

    public ForwardingPolicy {
        trustedProxies = List.copyOf(trustedProxies);
    }
}

package dev.moor.snapshot;

import java.time.Duration;
import java.util.Objects;

/**
 * How a route uses the edge's shared cache (RFC 9111): its GET and HEAD responses are stored and reused as their
 * Cache-Control, Expires and validators allow.
 *
 * @param staleIfError how long past its freshness a stored response may still answer when no endpoint can (all
 *                     down, failing or answering 5xx), beyond what the response's own {@code stale-if-error} allows;
 *                     zero for nothing beyond it
 */
public record CachePolicy(Duration staleIfError) {
    public CachePolicy {
        Objects.requireNonNull(staleIfError, "staleIfError");
    }
}

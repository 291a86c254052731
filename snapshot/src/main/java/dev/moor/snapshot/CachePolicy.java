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
 * @param partition    what the route shares its stored responses with: a route finds only what routes of its
 *                     partition stored, and a POST through it invalidates only their URIs (two apps, or two routes of
 *                     one told apart by method or header, may answer one URI differently); an app's route served
 *                     over HTTP and over HTTPS is one partition. Purges name partitions. No spaces. Null only as read
 *                     from a snapshot persisted before partitions ({@link Route} makes it the route's id then)
 */
public record CachePolicy(Duration staleIfError, String partition) {
    public CachePolicy {
        Objects.requireNonNull(staleIfError, "staleIfError");
        if (partition != null && (partition.isEmpty() || partition.indexOf(' ') >= 0)) {
            throw new IllegalArgumentException("cache partition: \"" + partition + "\" (expected: a name without spaces)");
        }
    }
}

package dev.moor.snapshot.channel;

import java.util.List;

/**
 * What the edge measured of one cluster since it started, as cumulative counts (the receiver takes differences
 * between two reports; a count smaller than before means the edge restarted).
 *
 * @param responses      upstream responses received (every status)
 * @param serverErrors   those with a 5xx status
 * @param failedAttempts upstream attempts that got no response: connection refused or reset, timeout, a malformed
 *                       response
 * @param boundsMillis   the upper bounds of the latency histogram's buckets, increasing
 * @param atMost         per bound, the responses whose upstream latency was at most that bound (cumulative, like
 *                       Prometheus's {@code le} buckets); responses slower than the last bound are
 *                       {@code responses - atMost[last]}
 */
public record ClusterFigures(long responses, long serverErrors, long failedAttempts, List<Long> boundsMillis,
                             List<Long> atMost) {
    public ClusterFigures {
        boundsMillis = boundsMillis == null ? List.of() : List.copyOf(boundsMillis);
        atMost = atMost == null ? List.of() : List.copyOf(atMost);
        if (boundsMillis.size() != atMost.size()) {
            throw new IllegalArgumentException("atMost: " + atMost.size() + " counts for " + boundsMillis.size()
                    + " bounds (expected: one count per bound)");
        }
    }
}

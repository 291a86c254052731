package dev.moor.engine.deploy;

import dev.moor.snapshot.channel.ClusterFigures;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the edge measured of one cluster over a window: the difference of two of its cumulative reports.
 *
 * @param responses      upstream responses
 * @param serverErrors   those with a 5xx status
 * @param failedAttempts upstream attempts without a response
 * @param boundsMillis   the latency histogram's bucket bounds
 * @param atMost         per bound, the responses at most that slow
 */
public record WindowFigures(long responses, long serverErrors, long failedAttempts, List<Long> boundsMillis,
                            List<Long> atMost) {
    public static final WindowFigures NONE = new WindowFigures(0, 0, 0, List.of(), List.of());

    public WindowFigures {
        boundsMillis = List.copyOf(boundsMillis);
        atMost = List.copyOf(atMost);
    }

    /**
     * The figures between two cumulative reports; a report smaller than the earlier one comes from an edge that
     * restarted in between, whose counts began again: the later report is the whole window then.
     */
    public static WindowFigures between(ClusterFigures earlier, ClusterFigures later) {
        if (earlier == null || later.responses() < earlier.responses()
                || !later.boundsMillis().equals(earlier.boundsMillis())) {
            return of(later);
        }
        List<Long> atMost = new ArrayList<>();
        for (int i = 0; i < later.atMost().size(); i++) {
            atMost.add(later.atMost().get(i) - earlier.atMost().get(i));
        }
        return new WindowFigures(later.responses() - earlier.responses(),
                Math.max(0, later.serverErrors() - earlier.serverErrors()),
                Math.max(0, later.failedAttempts() - earlier.failedAttempts()), later.boundsMillis(), atMost);
    }

    public static WindowFigures of(ClusterFigures figures) {
        return new WindowFigures(figures.responses(), figures.serverErrors(), figures.failedAttempts(),
                figures.boundsMillis(), figures.atMost());
    }

    /** The figures of two windows together (two edges' over the same time). */
    public WindowFigures plus(WindowFigures other) {
        if (other.requests() == 0) {
            return this;
        }
        if (requests() == 0) {
            return other;
        }
        if (!boundsMillis.equals(other.boundsMillis)) {
            // Edges of two Moor versions bucket apart: the busier one speaks for both.
            return requests() >= other.requests() ? this : other;
        }
        List<Long> sum = new ArrayList<>();
        for (int i = 0; i < atMost.size(); i++) {
            sum.add(atMost.get(i) + other.atMost.get(i));
        }
        return new WindowFigures(responses + other.responses, serverErrors + other.serverErrors,
                failedAttempts + other.failedAttempts, boundsMillis, sum);
    }

    /** Requests that reached the cluster: those answered and those that failed without an answer. */
    public long requests() {
        return responses + failedAttempts;
    }

    /** The share of requests answered 5xx or failed; 0 without requests. */
    public double errorRate() {
        long requests = requests();
        return requests == 0 ? 0 : (double) (serverErrors + failedAttempts) / requests;
    }

    /**
     * The bucket the 99th percentile latency falls in: its lower and upper bound in milliseconds (the upper one
     * {@link Long#MAX_VALUE} past the last bound), or empty without responses.
     */
    public Optional<long[]> p99Bucket() {
        if (responses == 0) {
            return Optional.empty();
        }
        long rank = (long) Math.ceil(responses * 0.99);
        long lower = 0;
        for (int i = 0; i < boundsMillis.size(); i++) {
            if (atMost.get(i) >= rank) {
                return Optional.of(new long[] {lower, boundsMillis.get(i)});
            }
            lower = boundsMillis.get(i);
        }
        return Optional.of(new long[] {lower, Long.MAX_VALUE});
    }
}

package dev.moor.engine.deploy;

import dev.moor.spec.CanarySpec;

import java.util.Locale;
import java.util.Optional;

/** Judges a canary against the version it replaces on the edge's figures of one window: a pure function. */
public final class CanaryAnalysis {
    private CanaryAnalysis() {}

    /** What the figures say. */
    public sealed interface Verdict {
        /** Too few requests reached the canary to judge it. */
        record Insufficient(long requests, long needed) implements Verdict {}

        /** Within every threshold. */
        record Pass(String figures) implements Verdict {}

        /** Worse than the old version beyond a threshold: {@code reason} says which figure and by how much. */
        record Fail(String reason) implements Verdict {}
    }

    /**
     * @param canary   the canary's figures over the window
     * @param warm     the canary's figures over the part of the window after its warm-up, on which its latency is
     *                 judged; empty while it warms up
     * @param stable   the old version's figures over the same window
     * @param baseline the old version's figures over a longer time, used when {@code stable} has too few requests
     *                 (the canary takes all the traffic at a step of 100 %)
     */
    public static Verdict judge(CanarySpec.AnalysisSpec spec, WindowFigures canary, Optional<WindowFigures> warm,
                                WindowFigures stable, WindowFigures baseline) {
        if (canary.requests() < spec.minRequests()) {
            return new Verdict.Insufficient(canary.requests(), spec.minRequests());
        }
        WindowFigures old = stable.requests() >= spec.minRequests() ? stable : baseline;
        double allowed = old.errorRate() + spec.maxErrorRate();
        if (canary.errorRate() > allowed) {
            return new Verdict.Fail(String.format(Locale.ROOT, "error rate %s over %d requests (%d 5xx, %d failed"
                            + " attempts); the old version's %s, max_error_rate %s", percent(canary.errorRate()),
                    canary.requests(), canary.serverErrors(), canary.failedAttempts(), percent(old.errorRate()),
                    percent(spec.maxErrorRate())));
        }
        Optional<long[]> canaryP99 = warm.filter(figures -> figures.requests() >= spec.minRequests())
                .flatMap(WindowFigures::p99Bucket);
        Optional<long[]> oldP99 = old.p99Bucket();
        if (canaryP99.isPresent() && oldP99.isPresent() && oldP99.get()[1] != Long.MAX_VALUE) {
            // Judged on the histogram's buckets: slower only when even the bottom of the canary's p99 bucket is above
            // the top of the old version's by more than the threshold, so that neither noise nor resolution fails it.
            long old99 = oldP99.get()[1];
            double limit = Math.max(old99 * (1 + spec.maxP99Increase()), old99 + spec.minP99Increase().toMillis());
            if (canaryP99.get()[0] > limit) {
                return new Verdict.Fail(String.format(Locale.ROOT, "p99 latency above %d ms over %d requests; the"
                                + " old version's at most %d ms, max_p99_increase %s, min_p99_increase %d ms (limit"
                                + " %.0f ms)", canaryP99.get()[0], warm.get().requests(), old99,
                        percent(spec.maxP99Increase()), spec.minP99Increase().toMillis(), limit));
            }
        }
        return new Verdict.Pass(String.format(Locale.ROOT, "%d requests, error rate %s, p99 %s", canary.requests(),
                percent(canary.errorRate()), canaryP99.map(CanaryAnalysis::bucket)
                        .orElse(warm.isEmpty() ? "not judged while it warms up" : "-")));
    }

    private static String bucket(long[] bounds) {
        return bounds[1] == Long.MAX_VALUE ? "> " + bounds[0] + " ms" : "<= " + bounds[1] + " ms";
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", fraction * 100);
    }
}

package dev.moor.spec;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How a canary deploy moves traffic: the whole new set starts beside the old one, then the edge gives it a growing
 * share of the service's requests, step by step, judging it on its traffic at each step.
 *
 * @param steps    the shares in order, each held for {@code bake} (a {@link Step.Pause} waits for {@code moor promote});
 *                 when the last weight is below 100, the new set takes all traffic after the last step
 * @param bake     how long each step lasts
 * @param sticky   whether a client stays on the side it was given (a cookie)
 * @param header   the request header whose {@code always} or {@code never} chooses a side (lower case)
 * @param analysis how the new set is judged against the old one
 */
public record CanarySpec(List<Step> steps, Duration bake, boolean sticky, String header, AnalysisSpec analysis) {
    public static final List<Step> DEFAULT_STEPS = List.of(new Step.Weight(10), new Step.Weight(50),
            new Step.Weight(100));
    public static final Duration DEFAULT_BAKE = Duration.ofMinutes(1);
    public static final String DEFAULT_HEADER = "x-moor-canary";

    /** One step of a canary. */
    public sealed interface Step {
        /** The new set gets {@code percent} of the service's requests for the bake time. */
        record Weight(int percent) implements Step {
            public Weight {
                if (percent < 0 || percent > 100) {
                    throw new IllegalArgumentException("weight: " + percent + " (expected: 0 to 100)");
                }
            }
        }

        /** The share of the step before stays until {@code moor promote}. */
        record Pause() implements Step {}
    }

    public CanarySpec {
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("steps: none (expected: at least one)");
        }
        if (!bake.isPositive()) {
            throw new IllegalArgumentException("bake: " + bake + " (expected: > 0)");
        }
    }

    public static CanarySpec defaults() {
        return new CanarySpec(DEFAULT_STEPS, DEFAULT_BAKE, false, DEFAULT_HEADER, AnalysisSpec.defaults());
    }

    /** The new set's share at step {@code index}: the last weight at or before it (0 before any). */
    public int weightAt(int index) {
        int weight = 0;
        for (int i = 0; i <= index && i < steps.size(); i++) {
            if (steps.get(i) instanceof Step.Weight step) {
                weight = step.percent();
            }
        }
        return weight;
    }

    /** Whether step {@code index} waits for {@code moor promote}. */
    public boolean pausesAt(int index) {
        return index >= 0 && index < steps.size() && steps.get(index) instanceof Step.Pause;
    }

    /**
     * How the new set is judged at every step, against the old one over the same window of the edge's figures.
     *
     * @param maxErrorRate   how much higher (a fraction) its rate of 5xx answers and failed attempts may be
     * @param maxP99Increase how much slower (a fraction) its p99 latency may be
     * @param minP99Increase how much slower its p99 may be in any case: a new JVM, or a cold cache, answers a few
     *                       milliseconds slower for its first seconds, which is no reason to roll back
     * @param minRequests    the fewest requests it must have had in a window before it is judged, and before a step
     *                       may end
     * @param window         how far back the figures go (never before the step started)
     * @param warmup         how long after the deploy started its latency is not judged yet (its errors are, from the
     *                       first request): a new JVM compiles its hot code under the first seconds of traffic
     */
    public record AnalysisSpec(double maxErrorRate, double maxP99Increase, Duration minP99Increase, long minRequests,
                               Duration window, Duration warmup) {
        public static final double DEFAULT_MAX_ERROR_RATE = 0.01;
        public static final double DEFAULT_MAX_P99_INCREASE = 0.5;
        public static final Duration DEFAULT_MIN_P99_INCREASE = Duration.ofMillis(50);
        public static final long DEFAULT_MIN_REQUESTS = 100;
        public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(10);
        public static final Duration DEFAULT_WARMUP = Duration.ofSeconds(30);

        public AnalysisSpec {
            if (!(maxErrorRate >= 0 && maxErrorRate <= 1)) {
                throw new IllegalArgumentException("max_error_rate: " + maxErrorRate + " (expected: 0% to 100%)");
            }
            if (!(maxP99Increase >= 0)) {
                throw new IllegalArgumentException("max_p99_increase: " + maxP99Increase + " (expected: >= 0%)");
            }
            if (minP99Increase.isNegative()) {
                throw new IllegalArgumentException("min_p99_increase: " + minP99Increase + " (expected: >= 0)");
            }
            if (minRequests < 1) {
                throw new IllegalArgumentException("min_requests: " + minRequests + " (expected: >= 1)");
            }
            if (!window.isPositive()) {
                throw new IllegalArgumentException("window: " + window + " (expected: > 0)");
            }
            if (warmup.isNegative()) {
                throw new IllegalArgumentException("warmup: " + warmup + " (expected: >= 0)");
            }
        }

        public static AnalysisSpec defaults() {
            return new AnalysisSpec(DEFAULT_MAX_ERROR_RATE, DEFAULT_MAX_P99_INCREASE, DEFAULT_MIN_P99_INCREASE,
                    DEFAULT_MIN_REQUESTS, DEFAULT_WINDOW, DEFAULT_WARMUP);
        }
    }

    /** The cookie that keeps a client on its side, when sticky. */
    public Optional<String> cookie(String service) {
        return sticky ? Optional.of("moor-canary-" + service) : Optional.empty();
    }
}

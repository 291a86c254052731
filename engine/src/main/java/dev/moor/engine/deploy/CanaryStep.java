package dev.moor.engine.deploy;

import java.time.Instant;

/**
 * Where one service's canary stands, as the store keeps it.
 *
 * @param step  the index of the step it holds ({@link #STARTING} while the new set is not yet healthy)
 * @param since when it reached that step
 */
public record CanaryStep(int step, Instant since) {
    /** The new set starts; it gets no traffic yet (but for requests that ask for it by header). */
    public static final int STARTING = -1;

    public CanaryStep {
        if (step < STARTING) {
            throw new IllegalArgumentException("step: " + step + " (expected: >= -1)");
        }
    }

    public static CanaryStep starting(Instant at) {
        return new CanaryStep(STARTING, at);
    }
}

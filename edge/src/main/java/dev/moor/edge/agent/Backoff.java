package dev.moor.edge.agent;

import java.time.Duration;

/** How long the agent waits between two attempts to reach the server: doubling from the first, up to the cap. */
final class Backoff {
    private final long firstNanos;
    private final long maxNanos;
    private long nextNanos;

    Backoff(Duration first, Duration max) {
        this.firstNanos = first.toNanos();
        this.maxNanos = Math.max(firstNanos, max.toNanos());
        this.nextNanos = firstNanos;
    }

    /** The wait before the next attempt; the one after is twice as long, up to the cap. */
    long nextNanos() {
        long wait = nextNanos;
        nextNanos = Math.min(maxNanos, nextNanos * 2);
        return wait;
    }

    long maxNanos() {
        return maxNanos;
    }

    /** After a connection that worked: the next failure waits the first delay again. */
    void reset() {
        nextNanos = firstNanos;
    }
}

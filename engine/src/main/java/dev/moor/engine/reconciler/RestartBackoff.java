package dev.moor.engine.reconciler;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** When a slot whose replica keeps failing may get its next replica: exponential back-off, capped. */
final class RestartBackoff {

    static final Duration FIRST_DELAY = Duration.ofSeconds(1);
    static final Duration MAX_DELAY = Duration.ofSeconds(30);

    private RestartBackoff() {}

    /**
     * The first failure restarts at once; the n-th (n >= 2) waits {@code min(30s, 1s * 2^(n-2))} after it.
     *
     * @return when the slot may start again, or empty when it may start at once whatever the time
     */
    static Optional<Instant> restartAllowedAt(RestartHistory history) {
        int failures = history.consecutiveFailures();
        if (failures <= 1) return Optional.empty();
        return Optional.of(history.lastFailure().plus(delayAfter(failures)));
    }

    static Duration delayAfter(int consecutiveFailures) {
        if (consecutiveFailures <= 1) return Duration.ZERO;
        int exponent = consecutiveFailures - 2;
        // 2^5 s already exceeds the cap; stopping there also keeps the shift from overflowing.
        if (exponent >= 5) return MAX_DELAY;
        Duration delay = FIRST_DELAY.multipliedBy(1L << exponent);
        return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
    }
}

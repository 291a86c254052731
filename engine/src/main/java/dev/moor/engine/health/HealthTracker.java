package dev.moor.engine.health;

import dev.moor.engine.reconciler.ReplicaHealth;
import dev.moor.spec.HealthSpec;

import java.time.Instant;

/**
 * The health verdict of one replica from the results of its probes: a state machine that takes the time of each
 * result as an argument and never reads a clock.
 *
 * <ul>
 *   <li>STARTING becomes HEALTHY after {@code healthyThreshold} consecutive successes;</li>
 *   <li>STARTING becomes UNHEALTHY after {@code unhealthyThreshold} consecutive failures past
 *       {@code startedAt + startGrace} (failures inside the grace do not count);</li>
 *   <li>HEALTHY becomes UNHEALTHY after {@code unhealthyThreshold} consecutive failures;</li>
 *   <li>UNHEALTHY becomes HEALTHY after {@code healthyThreshold} consecutive successes;</li>
 *   <li>STOPPING, set by {@link #markStopping()}, is final.</li>
 * </ul>
 * Not thread-safe: one owner feeds it.
 */
public final class HealthTracker {

    private final int healthyThreshold;
    private final int unhealthyThreshold;
    private final Instant graceEnd;

    private ReplicaHealth state = ReplicaHealth.STARTING;
    private int consecutiveSuccesses;
    private int consecutiveFailures;

    public HealthTracker(HealthSpec spec, Instant startedAt) {
        if (spec.healthyThreshold() < 1) {
            throw new IllegalArgumentException("healthy_threshold: " + spec.healthyThreshold() + " (expected: >= 1)");
        }
        if (spec.unhealthyThreshold() < 1) {
            throw new IllegalArgumentException(
                    "unhealthy_threshold: " + spec.unhealthyThreshold() + " (expected: >= 1)");
        }
        if (spec.startGrace().isNegative()) {
            throw new IllegalArgumentException(
                    "start_grace: " + spec.startGrace().toMillis() + "ms (expected: >= 0)");
        }
        this.healthyThreshold = spec.healthyThreshold();
        this.unhealthyThreshold = spec.unhealthyThreshold();
        this.graceEnd = startedAt.plus(spec.startGrace());
    }

    public ReplicaHealth state() {
        return state;
    }

    /** Records a passed probe and returns the state after it. */
    public ReplicaHealth recordSuccess() {
        if (state == ReplicaHealth.STOPPING) return state;
        consecutiveFailures = 0;
        consecutiveSuccesses++;
        if (state != ReplicaHealth.HEALTHY && consecutiveSuccesses >= healthyThreshold) {
            state = ReplicaHealth.HEALTHY;
        }
        return state;
    }

    /** Records a failed probe that ended at {@code at} and returns the state after it. */
    public ReplicaHealth recordFailure(Instant at) {
        if (state == ReplicaHealth.STOPPING) return state;
        consecutiveSuccesses = 0;
        if (state == ReplicaHealth.STARTING && at.isBefore(graceEnd)) return state;
        consecutiveFailures++;
        if (state != ReplicaHealth.UNHEALTHY && consecutiveFailures >= unhealthyThreshold) {
            state = ReplicaHealth.UNHEALTHY;
        }
        return state;
    }

    /** Moor is stopping the replica: no probe result changes its state any more. */
    public void markStopping() {
        state = ReplicaHealth.STOPPING;
    }
}

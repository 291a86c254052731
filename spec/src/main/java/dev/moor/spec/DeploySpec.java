package dev.moor.spec;

import java.time.Duration;

/**
 * How a service moves to a new revision: a rolling replacement, slot by slot, where a new replica takes traffic once
 * healthy and an old one leaves once the edge has drained it.
 *
 * @param progressDeadline how long the move may take until every new replica is healthy: past it, the deploy fails
 *                         and the app keeps its previous revision (a deploy of several services waits for the
 *                         longest deadline among them)
 * @param maxSurge         how many replicas above the declared count may run during the move (new ones starting
 *                         beside the old ones they replace)
 * @param maxUnavailable   how many of the declared replicas may be missing a healthy one during the move (old ones
 *                         stopped before their replacement is healthy); never the service's last healthy replica
 */
public record DeploySpec(Duration progressDeadline, int maxSurge, int maxUnavailable) {
    public static final Duration DEFAULT_PROGRESS_DEADLINE = Duration.ofMinutes(5);
    public static final int DEFAULT_MAX_SURGE = 1;
    public static final int DEFAULT_MAX_UNAVAILABLE = 0;

    public DeploySpec {
        if (maxSurge < 0 || maxUnavailable < 0 || maxSurge + maxUnavailable < 1) {
            throw new IllegalArgumentException("max_surge: " + maxSurge + ", max_unavailable: " + maxUnavailable
                    + " (expected: both >= 0, at least one of them > 0)");
        }
    }

    /** A deploy with {@code progressDeadline} and the default surge and unavailability. */
    public DeploySpec(Duration progressDeadline) {
        this(progressDeadline, DEFAULT_MAX_SURGE, DEFAULT_MAX_UNAVAILABLE);
    }

    public static DeploySpec defaults() {
        return new DeploySpec(DEFAULT_PROGRESS_DEADLINE);
    }
}

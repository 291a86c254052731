package dev.moor.spec;

import java.time.Duration;

/**
 * How a service moves to a new revision.
 *
 * @param progressDeadline how long the move may take until every new replica is healthy: past it, the deploy fails
 *                         and the app keeps its previous revision (a deploy of several services waits for the
 *                         longest deadline among them)
 */
public record DeploySpec(Duration progressDeadline) {
    public static final Duration DEFAULT_PROGRESS_DEADLINE = Duration.ofMinutes(5);

    public static DeploySpec defaults() {
        return new DeploySpec(DEFAULT_PROGRESS_DEADLINE);
    }
}

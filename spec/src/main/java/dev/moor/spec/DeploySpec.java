package dev.moor.spec;

import java.time.Duration;
import java.util.Optional;

/**
 * How a service moves to a new revision.
 *
 * @param strategy         {@link Strategy#ROLLING}, {@link Strategy#BLUE_GREEN} or {@link Strategy#CANARY}
 * @param progressDeadline how long the move may take until every new replica is healthy: past it, the deploy fails
 *                         and the app keeps its previous revision (a deploy of several services waits for the
 *                         longest deadline among them)
 * @param maxSurge         rolling: how many replicas above the declared count may run during the move (new ones
 *                         starting beside the old ones they replace)
 * @param maxUnavailable   rolling: how many of the declared replicas may be missing a healthy one during the move
 *                         (old ones stopped before their replacement is healthy); never the service's last healthy
 *                         replica
 * @param keepPrevious     blue-green: how long the previous set keeps running, out of the edge, after the switch, so
 *                         that a rollback in that time is a switch back
 * @param canary           canary: its steps and analysis (always present); blue-green: present when the new set is
 *                         judged for a bake after the switch, as a canary of one step of 100 % whose previous set stays
 *                         ready for a switch back
 */
public record DeploySpec(Strategy strategy, Duration progressDeadline, int maxSurge, int maxUnavailable,
                         Duration keepPrevious, Optional<CanarySpec> canary) {
    public static final Duration DEFAULT_PROGRESS_DEADLINE = Duration.ofMinutes(5);
    public static final int DEFAULT_MAX_SURGE = 1;
    public static final int DEFAULT_MAX_UNAVAILABLE = 0;
    public static final Duration DEFAULT_KEEP_PREVIOUS = Duration.ofMinutes(5);

    /** How the replicas of a new revision replace the old ones. */
    public enum Strategy {
        /** Slot by slot: a new replica takes traffic once healthy, an old one leaves once drained. */
        ROLLING,
        /**
         * The whole new set starts beside the old one; once every new replica is healthy the edge switches all of the
         * service's traffic to it in one snapshot, and the old set stays for {@code keepPrevious}, out of the edge.
         */
        BLUE_GREEN,
        /**
         * The whole new set starts beside the old one; once it is healthy the edge gives it a growing share of the
         * service's requests in steps, each judged on the edge's figures; then the old set leaves.
         */
        CANARY
    }

    public DeploySpec {
        if (maxSurge < 0 || maxUnavailable < 0 || maxSurge + maxUnavailable < 1) {
            throw new IllegalArgumentException("max_surge: " + maxSurge + ", max_unavailable: " + maxUnavailable
                    + " (expected: both >= 0, at least one of them > 0)");
        }
        if (keepPrevious.isNegative()) {
            throw new IllegalArgumentException("keep_previous: " + keepPrevious + " (expected: >= 0)");
        }
        if (strategy == Strategy.CANARY ? canary.isEmpty() : strategy == Strategy.ROLLING && canary.isPresent()) {
            throw new IllegalArgumentException("canary: " + canary.isPresent() + " with strategy " + strategy
                    + " (expected: steps with strategy canary, a judged switch with blue-green, none with rolling)");
        }
    }

    /** A deploy of a strategy other than canary. */
    public DeploySpec(Strategy strategy, Duration progressDeadline, int maxSurge, int maxUnavailable,
                      Duration keepPrevious) {
        this(strategy, progressDeadline, maxSurge, maxUnavailable, keepPrevious, Optional.empty());
    }

    /** A rolling deploy with {@code progressDeadline} and the default surge and unavailability. */
    public DeploySpec(Duration progressDeadline) {
        this(Strategy.ROLLING, progressDeadline, DEFAULT_MAX_SURGE, DEFAULT_MAX_UNAVAILABLE, DEFAULT_KEEP_PREVIOUS);
    }

    public static DeploySpec defaults() {
        return new DeploySpec(DEFAULT_PROGRESS_DEADLINE);
    }
}

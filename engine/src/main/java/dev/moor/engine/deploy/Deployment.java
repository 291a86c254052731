package dev.moor.engine.deploy;

import dev.moor.spec.AppSpec;
import dev.moor.spec.DeploySpec;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;

/**
 * One move of an app from a revision to the next, as the store keeps it: a server killed in the middle goes on
 * from here when it starts again.
 *
 * @param id           increases across all apps
 * @param app          the app
 * @param fromRevision the revision that ran before (0 for the app's first deploy)
 * @param toRevision   the revision being deployed
 * @param state        where it stands
 * @param startedAt    when it started
 * @param deadline     when it fails unless every replica of the new revision is healthy by then
 * @param endedAt      when it succeeded or failed
 * @param message      why it ended as it did (empty while in progress)
 * @param canaries     per canary service, the step it holds (kept in the store at every step, so that a restarted
 *                     server goes on from there)
 */
public record Deployment(long id, String app, long fromRevision, long toRevision, State state, Instant startedAt,
                         Instant deadline, Optional<Instant> endedAt, String message, Map<String, CanaryStep> canaries) {
    public Deployment {
        canaries = Map.copyOf(canaries);
    }

    public Deployment withCanaries(Map<String, CanaryStep> steps) {
        return new Deployment(id, app, fromRevision, toRevision, state, startedAt, deadline, endedAt, message, steps);
    }

    /** How long a deploy of {@code spec} may take: the longest {@code deploy.progress_deadline} of its services. */
    public static Duration progressDeadline(AppSpec spec) {
        return spec.services().values().stream().map(service -> service.deploy().progressDeadline())
                .max(Comparator.naturalOrder()).orElse(DeploySpec.DEFAULT_PROGRESS_DEADLINE);
    }

    public enum State {
        IN_PROGRESS,
        /** Every service runs the new revision at its declared count, all healthy. */
        SUCCEEDED,
        /** The deadline passed first; the app went back to {@link #fromRevision}. */
        FAILED;

        public boolean ended() {
            return this != IN_PROGRESS;
        }
    }
}

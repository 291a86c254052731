package dev.moor.engine.deploy;

import dev.moor.spec.CanarySpec;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The canary's state machine: what a service's canary does next, a pure function of (its spec, where it stands,
 * whether its new set is healthy, the analysis of its traffic, the clock). The same inputs give the same decision.
 */
public final class CanaryRollout {
    /** How soon a step that waits for requests looks at the figures again. */
    static final Duration RECHECK = Duration.ofSeconds(1);

    private CanaryRollout() {}

    /** What to do. */
    public sealed interface Decision {
        /** Stay at this step; look again at {@code recheckAt} (or on the next change). */
        record Hold(Optional<Instant> recheckAt, String why) implements Decision {}

        /** Go on to {@code next}. */
        record Advance(CanaryStep next, String why) implements Decision {}

        /** Every step is done: the new set takes all traffic and the old one leaves. */
        record Complete(String why) implements Decision {}

        /** Back to the old version at once. */
        record RollBack(String why) implements Decision {}
    }

    /**
     * @param spec          the service's canary settings
     * @param at            where it stands
     * @param newSetHealthy whether every replica of the new set is healthy
     * @param verdict       the analysis of the canary's traffic over the window
     * @param now           the clock
     */
    public static Decision decide(CanarySpec spec, CanaryStep at, boolean newSetHealthy,
                                  CanaryAnalysis.Verdict verdict, Instant now) {
        if (done(spec, at)) {
            return new Decision.Hold(Optional.empty(), "done: the new set takes all traffic");
        }
        if (at.step() == CanaryStep.STARTING) {
            return newSetHealthy ? advance(spec, at.step(), now, "the new set is healthy")
                    : new Decision.Hold(Optional.empty(), "the new set starts");
        }
        if (verdict instanceof CanaryAnalysis.Verdict.Fail fail) {
            return new Decision.RollBack(fail.reason());
        }
        if (spec.pausesAt(at.step())) {
            return new Decision.Hold(Optional.empty(), "paused at " + spec.weightAt(at.step()) + "%: moor promote"
                    + " goes on");
        }
        Instant bakedAt = at.since().plus(spec.bake());
        if (now.isBefore(bakedAt)) {
            // Judged every second while it bakes: a bad canary goes back at once, not at the end of its step.
            Instant next = now.plus(RECHECK);
            return new Decision.Hold(Optional.of(next.isBefore(bakedAt) ? next : bakedAt),
                    "baking at " + spec.weightAt(at.step()) + "%" + (verdict instanceof CanaryAnalysis.Verdict.Pass pass
                            ? ": " + pass.figures() : ""));
        }
        return switch (verdict) {
            case CanaryAnalysis.Verdict.Insufficient few when spec.weightAt(at.step()) > 0 ->
                    new Decision.Hold(Optional.of(now.plus(RECHECK)), "waiting for requests at "
                            + spec.weightAt(at.step()) + "%: " + few.requests() + " of " + few.needed());
            case CanaryAnalysis.Verdict.Pass pass -> advance(spec, at.step(), now, pass.figures());
            default -> advance(spec, at.step(), now, "nothing to judge at 0%");
        };
    }

    /** The step after {@code step}, or the end when it was the last. */
    public static Decision advance(CanarySpec spec, int step, Instant now, String why) {
        int next = step + 1;
        return next >= spec.steps().size() ? new Decision.Complete(why)
                : new Decision.Advance(new CanaryStep(next, now), why);
    }

    /** The share of the service's requests the new set gets at {@code at}: all of it once every step is done. */
    public static int weight(CanarySpec spec, CanaryStep at) {
        if (done(spec, at)) {
            return 100;
        }
        return at.step() == CanaryStep.STARTING ? 0 : spec.weightAt(at.step());
    }

    /** Whether every step is done. */
    public static boolean done(CanarySpec spec, CanaryStep at) {
        return at.step() >= spec.steps().size();
    }

    /** Where a canary stands once every step is done. */
    public static CanaryStep finished(CanarySpec spec, Instant at) {
        return new CanaryStep(spec.steps().size(), at);
    }
}

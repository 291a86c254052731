package dev.moor.engine.reconciler;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The actions one reconcile pass decided, in the order to apply them.
 *
 * @param actions   what to do
 * @param recheckAt when the reconciler should run again even if nothing happens (a back-off ends)
 */
public record Plan(List<Action> actions, Optional<Instant> recheckAt) {
    public Plan {
        actions = List.copyOf(actions);
    }

    public boolean isEmpty() {
        return actions.isEmpty();
    }
}

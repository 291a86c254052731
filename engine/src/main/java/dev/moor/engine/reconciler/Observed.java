package dev.moor.engine.reconciler;

import java.util.List;
import java.util.Map;

/**
 * What runs, as last observed: every container labelled for the app, with its health verdict.
 *
 * @param replicas the containers of the app
 * @param restarts the failure history of slots whose replica failed
 */
public record Observed(List<ObservedReplica> replicas, Map<SlotKey, RestartHistory> restarts) {
    public Observed {
        replicas = List.copyOf(replicas);
        restarts = Map.copyOf(restarts);
    }
}

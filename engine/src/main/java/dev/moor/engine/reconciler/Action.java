package dev.moor.engine.reconciler;

/** One step of a plan. */
public sealed interface Action {

    /** Create and start a new replica of the service in the slot, with the desired config. */
    record StartReplica(String service, int slot) implements Action {}

    /** Stop (gracefully) and remove a container. */
    record RemoveReplica(String containerId, String service, int slot, Reason reason) implements Action {}

    /** Why a container is removed. */
    enum Reason {
        /** Its process exited or the engine marked it dead. */
        FAILED,
        /** Its probes failed past the unhealthy threshold. */
        UNHEALTHY,
        /** Its config is not the desired one and its replacement is healthy. */
        OUTDATED,
        /** Its config is not the desired one, and {@code maxUnavailable} lets it go before its replacement is healthy. */
        MAKING_ROOM,
        /** Its slot is beyond the desired replica count. */
        SURPLUS,
        /** Another container holds the same slot with the same config and is in a better state. */
        DUPLICATE,
        /** Its service is no longer in the spec. */
        UNKNOWN_SERVICE
    }
}

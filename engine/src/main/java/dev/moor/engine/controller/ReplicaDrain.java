package dev.moor.engine.controller;

/**
 * Waits, before a replica is stopped, until the edge sends it no more requests: the replica has left the edge's
 * snapshot and the requests in flight to it are done (or the edge's drain timeout passed). The controller has
 * already published the status without the replica when it calls this.
 */
@FunctionalInterface
public interface ReplicaDrain {
    /** For apps no edge serves. */
    ReplicaDrain NONE = endpointId -> {};

    /**
     * @param endpointId the replica's container name, its endpoint id in the edge's snapshot
     */
    void awaitDrained(String endpointId) throws InterruptedException;
}

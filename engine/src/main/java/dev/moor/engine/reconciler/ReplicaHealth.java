package dev.moor.engine.reconciler;

/** The one health state of a replica that the reconciler and the edge act on. */
public enum ReplicaHealth {
    /** Running, not yet proven healthy. */
    STARTING,
    /** Passed its probes; gets traffic. */
    HEALTHY,
    /** Failed its probes past the threshold; gets no traffic and is replaced. */
    UNHEALTHY,
    /** Being stopped by Moor; gets no new traffic. */
    STOPPING
}

package dev.moor.server.edge;

import dev.moor.engine.controller.ReplicaDrain;
import dev.moor.snapshot.Cluster;
import dev.moor.snapshot.EdgeSnapshot;
import dev.moor.snapshot.Endpoint;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A replica leaves rotation when the edge says so: it acknowledged a snapshot without the replica, and reported
 * the replica drained (no request in flight to it). This replaces a fixed delay before SIGTERM: a replica stops
 * as soon as it is safe, and never before.
 *
 * <p>A replica that no snapshot ever held (it never became healthy) needs no wait. Without a connected edge the
 * acknowledgement wait ends after {@code ackTimeout}: an edge that is down sends to no one.
 */
public final class EdgeDrain implements ReplicaDrain {
    private static final Logger log = LoggerFactory.getLogger(EdgeDrain.class);
    private static final long FORGET_AFTER_VERSIONS = 1000;

    private final EdgeChannel channel;
    private final Duration ackTimeout;
    private final Duration drainTimeout;
    private final Object lock = new Object();
    /** Endpoints that recent snapshots held: the version of the last one that did, by endpoint id. */
    private final Map<String, Long> lastPublishedIn = new HashMap<>();
    /** Drained reports per endpoint, from any edge, not yet waited for. */
    private final Map<String, Integer> drained = new HashMap<>();

    /**
     * @param ackTimeout   how long to wait for the edges to acknowledge the snapshot without the replica
     * @param drainTimeout the edge's drain timeout: in-flight requests get at most this long (plus a margin here)
     */
    public EdgeDrain(EdgeChannel channel, Duration ackTimeout, Duration drainTimeout) {
        this.channel = channel;
        this.ackTimeout = ackTimeout;
        this.drainTimeout = drainTimeout;
        channel.onDrained(this::reported);
    }

    /** Notes the endpoints of a snapshot as it is published. */
    public void published(EdgeSnapshot snapshot) {
        synchronized (lock) {
            for (Cluster cluster : snapshot.clusters().values()) {
                for (Endpoint endpoint : cluster.endpoints()) {
                    lastPublishedIn.put(endpoint.id(), snapshot.version());
                }
            }
            // A replica that crashed is removed without a drain: forget it after a while.
            lastPublishedIn.values().removeIf(version -> version < snapshot.version() - FORGET_AFTER_VERSIONS);
        }
    }

    private void reported(String endpointId) {
        synchronized (lock) {
            drained.merge(endpointId, 1, Integer::sum);
            lock.notifyAll();
        }
    }

    @Override
    public void awaitDrained(String endpointId) throws InterruptedException {
        synchronized (lock) {
            if (lastPublishedIn.remove(endpointId) == null) {
                drained.remove(endpointId);
                return;
            }
        }
        long version = channel.latest().map(EdgeSnapshot::version).orElse(0L);
        if (!channel.awaitAcknowledged(version, ackTimeout)) {
            log.warn("no edge acknowledged snapshot {} within {} ms; stopping {} anyway", version,
                    ackTimeout.toMillis(), endpointId);
            synchronized (lock) {
                drained.remove(endpointId);
            }
            return;
        }
        int edges = Math.max(1, channel.connections().size());
        long deadline = System.nanoTime() + drainTimeout.plusSeconds(2).toNanos();
        synchronized (lock) {
            while (drained.getOrDefault(endpointId, 0) < edges) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    log.warn("the edge did not report {} drained within {} s; stopping it anyway", endpointId,
                            drainTimeout.plusSeconds(2).toSeconds());
                    break;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            drained.remove(endpointId);
        }
    }
}

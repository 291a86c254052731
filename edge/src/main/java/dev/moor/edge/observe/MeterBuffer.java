package dev.moor.edge.observe;

import java.util.Objects;

/**
 * The per-request samples of one thread (an event loop), kept in arrays and applied to the shared route and cluster
 * meters in batches. Every event loop incrementing the same counters and histogram buckets on every request moves
 * their cache lines from core to core on every request: with two loops that cost up to 4 % of the edge's CPU. Applied
 * in batches, the lines move once per batch.
 *
 * <p>A sample reaches the meters when the buffer is full ({@value #CAPACITY} samples) or flushed: the owner flushes
 * it periodically, and before a scrape ({@code EdgeServer.publishMeters}). Not thread-safe: one thread records
 * and flushes.
 */
public final class MeterBuffer {
    static final int CAPACITY = 256;

    private final RouteMeters[] routes = new RouteMeters[CAPACITY];
    /** Per route sample: true when it ends a request, false when it starts one. */
    private final boolean[] finished = new boolean[CAPACITY];
    private final int[] statuses = new int[CAPACITY];
    private final long[] routeNanos = new long[CAPACITY];
    private int routeSamples;

    private final ClusterMeters[] clusters = new ClusterMeters[CAPACITY];
    private final long[] clusterNanos = new long[CAPACITY];
    private int clusterSamples;

    /** A request on {@code route} started: it counts as in flight. */
    public void requestStarted(RouteMeters route) {
        addRoute(route, false, 0, 0);
    }

    /**
     * A request started with {@link #requestStarted} ended; a status outside 100..599 counts in the nearest class.
     */
    public void requestFinished(RouteMeters route, int status, long durationNanos) {
        addRoute(route, true, status, durationNanos);
    }

    /** An upstream of {@code cluster} answered with a response head after {@code durationNanos}. */
    public void upstreamRequest(ClusterMeters cluster, long durationNanos) {
        int i = clusterSamples;
        clusters[i] = Objects.requireNonNull(cluster, "cluster");
        clusterNanos[i] = durationNanos;
        clusterSamples = i + 1;
        if (clusterSamples == CAPACITY) {
            flushClusters();
        }
    }

    /** Applies every buffered sample to its meters. */
    public void flush() {
        flushRoutes();
        flushClusters();
    }

    private void addRoute(RouteMeters route, boolean ends, int status, long durationNanos) {
        int i = routeSamples;
        routes[i] = Objects.requireNonNull(route, "route");
        finished[i] = ends;
        statuses[i] = status;
        routeNanos[i] = durationNanos;
        routeSamples = i + 1;
        if (routeSamples == CAPACITY) {
            flushRoutes();
        }
    }

    private void flushRoutes() {
        for (int i = 0; i < routeSamples; i++) {
            RouteMeters route = routes[i];
            routes[i] = null;
            if (finished[i]) {
                route.requestFinished(statuses[i], routeNanos[i]);
            } else {
                route.requestStarted();
            }
        }
        routeSamples = 0;
    }

    private void flushClusters() {
        for (int i = 0; i < clusterSamples; i++) {
            ClusterMeters cluster = clusters[i];
            clusters[i] = null;
            cluster.upstreamRequest(clusterNanos[i]);
        }
        clusterSamples = 0;
    }
}

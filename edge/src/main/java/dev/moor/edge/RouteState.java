package dev.moor.edge;

import dev.moor.snapshot.RetryPolicy;
import dev.moor.snapshot.Route;

import dev.moor.edge.observe.EdgeMetrics;
import dev.moor.edge.observe.RouteMeters;

import java.util.concurrent.ThreadLocalRandom;

/** A route as one snapshot serves it: its meters, its clusters by cumulative weight, its timeouts in nanos. */
final class RouteState {
    final Route route;
    final String id;
    private final EdgeMetrics metrics;
    /**
     * Registered with the route's first request, not with the snapshot: with 10,000 routes, eager meters were 70,000
     * series per scrape and three quarters of the edge's heap, most of them for routes that never serve. Read and
     * written without a lock: loops racing on a first request get the same meters from {@link EdgeMetrics}, and
     * {@link RouteMeters} is immutable apart from its thread-safe meters.
     */
    private RouteMeters meters;
    final RetryPolicy retry;
    final long connectTimeoutMillis;
    final long responseHeaderNanos;
    final long idleNanos;
    private final ClusterState[] clusters;
    private final int[] cumulativeWeights;

    RouteState(Route route, String id, EdgeMetrics metrics, ClusterState[] clusters, int[] weights) {
        this.route = route;
        this.id = id;
        this.metrics = metrics;
        this.retry = route.retry();
        this.connectTimeoutMillis = Math.max(1, route.timeouts().connect().toMillis());
        this.responseHeaderNanos = route.timeouts().responseHeader().toNanos();
        this.idleNanos = route.timeouts().idle().toNanos();
        this.clusters = clusters;
        this.cumulativeWeights = new int[weights.length];
        int sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum = Math.addExact(sum, weights[i]);
            cumulativeWeights[i] = sum;
        }
    }

    /** The route's meters, registered on the first call. */
    RouteMeters meters() {
        RouteMeters resolved = meters;
        if (resolved == null) {
            resolved = metrics.route(id);
            meters = resolved;
        }
        return resolved;
    }

    /** One of the route's clusters, in proportion to their weights. */
    ClusterState chooseCluster() {
        if (clusters.length == 1) {
            return clusters[0];
        }
        int ticket = ThreadLocalRandom.current().nextInt(cumulativeWeights[cumulativeWeights.length - 1]);
        for (int i = 0; i < cumulativeWeights.length; i++) {
            if (ticket < cumulativeWeights[i]) {
                return clusters[i];
            }
        }
        return clusters[clusters.length - 1];
    }
}

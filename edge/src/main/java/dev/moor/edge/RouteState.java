package dev.moor.edge;

import dev.moor.edge.observe.RouteMeters;

import java.util.concurrent.ThreadLocalRandom;

/** A route as one snapshot serves it: its meters, its clusters by cumulative weight, its timeouts in nanos. */
final class RouteState {
    final Route route;
    final String id;
    final RouteMeters meters;
    final RetryPolicy retry;
    final long connectTimeoutMillis;
    final long responseHeaderNanos;
    final long idleNanos;
    private final ClusterState[] clusters;
    private final int[] cumulativeWeights;

    RouteState(Route route, String id, RouteMeters meters, ClusterState[] clusters, int[] weights) {
        this.route = route;
        this.id = id;
        this.meters = meters;
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

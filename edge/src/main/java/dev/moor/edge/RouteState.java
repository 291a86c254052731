package dev.moor.edge;

import dev.moor.snapshot.RetryPolicy;
import dev.moor.snapshot.Route;

import dev.moor.edge.filter.RequestFilter;
import dev.moor.edge.filter.ResponseFilter;
import dev.moor.edge.filter.RouteFilters;
import dev.moor.edge.observe.EdgeMetrics;
import dev.moor.edge.observe.RouteMeters;

import java.util.concurrent.ThreadLocalRandom;

/**
 * A route as one snapshot serves it: its meters, its clusters by cumulative weight, its canary, its timeouts in
 * nanos, its filters. The weights are those of the clusters that can serve in this snapshot (a snapshot is compiled anew when a
 * cluster's endpoints change): a cluster with no endpoint gives its share to the others, and clusters of weight 0
 * share the requests only when no cluster of positive weight has an endpoint.
 */
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
    /** The clusters that share the requests, with a share above 0 each. */
    private final ClusterState[] clusters;
    private final int[] cumulativeWeights;
    /** The route's canary; null when it runs none. */
    final CanaryState canary;
    final RequestFilter[] requestFilters;
    final ResponseFilter[] responseFilters;

    RouteState(Route route, String id, EdgeMetrics metrics, ClusterState[] clusters, int[] weights) {
        this(route, id, metrics, clusters, weights, null, RouteFilters.NONE);
    }

    RouteState(Route route, String id, EdgeMetrics metrics, ClusterState[] clusters, int[] weights,
               CanaryState canary, RouteFilters filters) {
        this.requestFilters = filters.request().toArray(new RequestFilter[0]);
        this.responseFilters = filters.response().toArray(new ResponseFilter[0]);
        this.route = route;
        this.id = id;
        this.metrics = metrics;
        this.retry = route.retry();
        this.connectTimeoutMillis = Math.max(1, route.timeouts().connect().toMillis());
        this.responseHeaderNanos = route.timeouts().responseHeader().toNanos();
        this.idleNanos = route.timeouts().idle().toNanos();
        this.canary = canary;
        int[] shares = shares(clusters, weights);
        int sharing = 0;
        for (int share : shares) {
            if (share > 0) {
                sharing++;
            }
        }
        if (sharing == 0) {
            throw new IllegalArgumentException("route " + id + ": no weight above 0 (RouteChecks refuses such a route)");
        }
        this.clusters = new ClusterState[sharing];
        this.cumulativeWeights = new int[sharing];
        int sum = 0;
        for (int i = 0, at = 0; i < shares.length; i++) {
            if (shares[i] > 0) {
                sum = Math.addExact(sum, shares[i]);
                this.clusters[at] = clusters[i];
                cumulativeWeights[at++] = sum;
            }
        }
    }

    /**
     * Each cluster's share: its weight when it has an endpoint; else, when no cluster of positive weight has one,
     * an equal share for each cluster of weight 0 that has one; else (no cluster can serve) the weights, so the
     * request is answered 503 by a cluster it was meant for.
     */
    private static int[] shares(ClusterState[] clusters, int[] weights) {
        int[] shares = new int[weights.length];
        boolean served = false;
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] > 0 && clusters[i].endpoints.length > 0) {
                shares[i] = weights[i];
                served = true;
            }
        }
        if (!served) {
            for (int i = 0; i < weights.length; i++) {
                if (weights[i] == 0 && clusters[i].endpoints.length > 0) {
                    shares[i] = 1;
                    served = true;
                }
            }
        }
        if (!served) {
            for (int i = 0; i < weights.length; i++) {
                shares[i] = Math.max(weights[i], 0);
            }
        }
        return shares;
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

    /** One of the route's clusters, in proportion to their shares. */
    ClusterState chooseCluster() {
        if (clusters.length == 1) {
            return clusters[0];
        }
        return clusterFor(ThreadLocalRandom.current().nextInt(tickets()));
    }

    /** The sum of the shares: a draw is a ticket from 0 to this, exclusive. */
    int tickets() {
        return cumulativeWeights[cumulativeWeights.length - 1];
    }

    /** The cluster that ticket draws. */
    ClusterState clusterFor(int ticket) {
        for (int i = 0; i < cumulativeWeights.length; i++) {
            if (ticket < cumulativeWeights[i]) {
                return clusters[i];
            }
        }
        return clusters[clusters.length - 1];
    }
}

package dev.moor.snapshot;

/**
 * One backend of a route: a cluster and its share of the route's requests.
 *
 * @param cluster the cluster name
 * @param weight  its weight among the route's backends (> 0)
 */
public record WeightedCluster(String cluster, int weight) {}

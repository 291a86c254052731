package dev.moor.snapshot;

/**
 * One backend of a route: a cluster and its share of the route's requests.
 *
 * @param cluster the cluster name
 * @param weight  its weight among the route's backends (>= 0, at least one of them > 0); a cluster with no
 *                endpoint gives its share to the others, and one of weight 0 serves only when no other can
 */
public record WeightedCluster(String cluster, int weight) {}

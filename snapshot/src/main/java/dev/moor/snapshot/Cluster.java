package dev.moor.snapshot;

import java.util.List;

/**
 * The endpoints of one service and how the edge balances over them.
 *
 * @param name                      the cluster (service) name
 * @param endpoints                 the endpoints that may get new requests: healthy replicas, or healthy
 *                                  external servers; an empty list answers 503
 * @param balancing                 how an endpoint is chosen
 * @param outlier                   passive outlier detection
 * @param maxConnectionsPerEndpoint the most upstream connections each event loop keeps to one endpoint
 */
public record Cluster(String name, List<Endpoint> endpoints, Balancing balancing, OutlierDetection outlier,
                      int maxConnectionsPerEndpoint) {
    public Cluster {
        endpoints = List.copyOf(endpoints);
    }
}

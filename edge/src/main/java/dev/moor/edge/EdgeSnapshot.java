package dev.moor.edge;

import java.util.List;
import java.util.Map;

/**
 * Everything the edge serves with, at one instant: routes, the clusters they send to (each with the endpoints
 * that may get new requests), and the forwarding policy. Immutable; the edge swaps whole snapshots
 * atomically and never reads shared mutable state on the request path. An endpoint that leaves the snapshot
 * is drained: no new requests, its in-flight ones finish (up to {@link ForwardingPolicy#drainTimeout()}).
 *
 * @param version    increases with every snapshot the producer builds (for logs and metrics)
 * @param routes     the routes, in the order they were declared
 * @param clusters   the clusters routes send to, by name (a service of the app)
 * @param forwarding how forwarding headers are trusted and written, and how endpoints drain
 */
public record EdgeSnapshot(long version, List<Route> routes, Map<String, Cluster> clusters, ForwardingPolicy forwarding) {
    public EdgeSnapshot {
        routes = List.copyOf(routes);
        clusters = Map.copyOf(clusters);
    }
}

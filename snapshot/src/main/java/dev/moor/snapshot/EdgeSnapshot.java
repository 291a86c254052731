package dev.moor.snapshot;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

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
    public static final EdgeSnapshot EMPTY = new EdgeSnapshot(0, List.of(), Map.of(), ForwardingPolicy.DEFAULT);

    public EdgeSnapshot {
        routes = List.copyOf(routes);
        clusters = Map.copyOf(clusters);
    }

    /** The public ports the routes name, in ascending order: where the edge listens besides its fixed ports. */
    public SortedSet<Integer> ports() {
        SortedSet<Integer> ports = new TreeSet<>();
        for (Route route : routes) {
            if (route.port() != Route.ANY_PORT) {
                ports.add(route.port());
            }
        }
        return Collections.unmodifiableSortedSet(ports);
    }

    /** The same content, whatever the versions: whether an edge serving one needs the other. */
    public boolean sameContent(EdgeSnapshot other) {
        return routes.equals(other.routes) && clusters.equals(other.clusters) && forwarding.equals(other.forwarding);
    }
}

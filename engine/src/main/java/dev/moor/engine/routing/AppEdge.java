package dev.moor.engine.routing;

import dev.moor.snapshot.Cluster;
import dev.moor.snapshot.Route;

import java.util.List;
import java.util.Map;

/**
 * One app's part of the edge's snapshot: its routes and clusters, named {@code APP/…} so that apps sharing the
 * edge never mix.
 *
 * @param app      the app
 * @param routes   its routes, in the order its file declares them
 * @param clusters its clusters by name ({@code APP/SERVICE})
 */
public record AppEdge(String app, List<Route> routes, Map<String, Cluster> clusters) {
    public AppEdge {
        routes = List.copyOf(routes);
        clusters = Map.copyOf(clusters);
    }
}

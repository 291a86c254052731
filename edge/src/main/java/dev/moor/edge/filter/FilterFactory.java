package dev.moor.edge.filter;

import dev.moor.snapshot.Route;

/**
 * Makes a route's filters when a snapshot is compiled: once per route and snapshot, never per request. A factory
 * given to the edge's builder adds its filters after those the snapshot's own settings make.
 */
@FunctionalInterface
public interface FilterFactory {
    RouteFilters filters(Route route);
}

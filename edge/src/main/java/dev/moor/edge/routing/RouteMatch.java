package dev.moor.edge.routing;

import dev.moor.snapshot.Route;

/**
 * The route chosen for a request.
 *
 * @param route        the best matching route
 * @param upstreamPath the path to send upstream, after the route's rewritePrefix (no query)
 */
public record RouteMatch(Route route, String upstreamPath) {}

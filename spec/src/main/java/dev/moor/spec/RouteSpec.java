package dev.moor.spec;

import java.util.Optional;

/**
 * A route of the edge: requests whose host and path match go to a service.
 *
 * @param host        the host to match, exact or {@code *.example.com}; any host when empty
 * @param pathPrefix  the path prefix to match, starting with '/'
 * @param service     the service that serves the route
 * @param stripPrefix whether the prefix is removed from the path sent to the service
 */
public record RouteSpec(Optional<String> host, String pathPrefix, String service, boolean stripPrefix) {}

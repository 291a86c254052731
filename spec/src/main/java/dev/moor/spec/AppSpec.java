package dev.moor.spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One parsed and validated {@code moor.yaml}: an app, its services, and the routes of the edge in front of them.
 *
 * @param source   the file it was read from (relative paths inside the spec resolve against its directory)
 * @param name     the app name: lowercase letters, digits and '-', used to name Docker networks and containers
 * @param services the services Moor runs, in declaration order, by name
 * @param externalServices the services Moor routes to but does not run ({@code external:}), by name
 * @param routes   the edge routes in declaration order
 * @param edge     the app's side of the host's edge: the public port of its routes, and its balancing
 */
public record AppSpec(Path source, String name, Map<String, ServiceSpec> services,
                      Map<String, ExternalServiceSpec> externalServices, List<RouteSpec> routes, EdgeSpec edge) {
    public AppSpec {
        services = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(services));
        externalServices = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(externalServices));
        routes = List.copyOf(routes);
    }

    public Optional<ServiceSpec> service(String serviceName) {
        return Optional.ofNullable(services.get(serviceName));
    }

    /** The directory that relative paths of this spec resolve against. */
    public Path baseDirectory() {
        return baseDirectoryOf(source);
    }

    /** The directory that relative paths of a spec read from {@code source} resolve against. */
    public static Path baseDirectoryOf(Path source) {
        Path parent = source.toAbsolutePath().getParent();
        return parent == null ? source.toAbsolutePath() : parent;
    }
}

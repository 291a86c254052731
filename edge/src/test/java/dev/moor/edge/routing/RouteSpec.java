package dev.moor.edge.routing;

import dev.moor.snapshot.CanaryRouting;
import dev.moor.snapshot.RetryPolicy;
import dev.moor.snapshot.Route;
import dev.moor.snapshot.Timeouts;
import dev.moor.snapshot.WeightedCluster;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Builds routes for tests: prefix "/", any host, backend "web" unless told otherwise. */
final class RouteSpec {
    private final String id;
    private String host;
    private String prefix = "/";
    private final Set<String> methods = new LinkedHashSet<>();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private String rewrite;
    private List<WeightedCluster> backends = List.of(new WeightedCluster("web", 1));
    private int port = Route.ANY_PORT;
    private CanaryRouting canary;

    private RouteSpec(String id) {
        this.id = id;
    }

    static RouteSpec route(String id) {
        return new RouteSpec(id);
    }

    RouteSpec host(String host) {
        this.host = host;
        return this;
    }

    RouteSpec prefix(String prefix) {
        this.prefix = prefix;
        return this;
    }

    RouteSpec methods(String... methods) {
        this.methods.addAll(List.of(methods));
        return this;
    }

    RouteSpec header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    RouteSpec rewrite(String rewrite) {
        this.rewrite = rewrite;
        return this;
    }

    RouteSpec backends(WeightedCluster... backends) {
        this.backends = List.of(backends);
        return this;
    }

    RouteSpec port(int port) {
        this.port = port;
        return this;
    }

    RouteSpec canary(CanaryRouting canary) {
        this.canary = canary;
        return this;
    }

    Route build() {
        return new Route(id, Optional.ofNullable(host), prefix, methods, headers, Optional.ofNullable(rewrite), backends,
                Timeouts.DEFAULT, RetryPolicy.DEFAULT, port, Optional.ofNullable(canary));
    }
}

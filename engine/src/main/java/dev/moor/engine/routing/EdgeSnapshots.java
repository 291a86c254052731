package dev.moor.engine.routing;

import dev.moor.edge.Balancing;
import dev.moor.edge.Cluster;
import dev.moor.edge.EdgeSnapshot;
import dev.moor.edge.Endpoint;
import dev.moor.edge.ForwardingPolicy;
import dev.moor.edge.OutlierDetection;
import dev.moor.edge.RetryPolicy;
import dev.moor.edge.Route;
import dev.moor.edge.Timeouts;
import dev.moor.edge.WeightedCluster;
import dev.moor.engine.controller.AppStatus;
import dev.moor.spec.AppSpec;
import dev.moor.spec.EdgeSpec;
import dev.moor.spec.RouteSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the edge should serve, computed from the spec and what runs: a pure function, tested on its own. */
public final class EdgeSnapshots {
    /** Upstream connections each edge event loop keeps to one replica at most. */
    static final int MAX_CONNECTIONS_PER_ENDPOINT = 256;
    private static final int RETRY_BUDGET_PERCENT = 20;
    private static final int MIN_RETRIES_PER_SECOND = 10;

    private EdgeSnapshots() {}

    /**
     * @param version a number that grows with each snapshot
     * @param spec    the routes and edge settings
     * @param status  the replicas and external servers, each with its health: only healthy ones get traffic
     */
    public static EdgeSnapshot of(long version, AppSpec spec, AppStatus status) {
        return of(version, spec, routes(spec), status);
    }

    /** The edge's routes of a spec, in the spec's order. */
    static List<Route> routes(AppSpec spec) {
        List<Route> routes = new ArrayList<>();
        for (int i = 0; i < spec.routes().size(); i++) {
            routes.add(route("routes[" + i + "]", spec.routes().get(i)));
        }
        return List.copyOf(routes);
    }

    /** A snapshot with the routes {@link #routes} made of the same spec. */
    static EdgeSnapshot of(long version, AppSpec spec, List<Route> routes, AppStatus status) {
        Balancing balancing = spec.edge().balancing() == EdgeSpec.Balancing.ROUND_ROBIN
                ? Balancing.ROUND_ROBIN : Balancing.POWER_OF_TWO_CHOICES;
        Map<String, Cluster> clusters = new LinkedHashMap<>();
        for (AppStatus.ServiceStatus service : status.services()) {
            List<Endpoint> endpoints = new ArrayList<>();
            for (AppStatus.EndpointStatus endpoint : status.healthyEndpoints(service.name())) {
                endpoints.add(new Endpoint(endpoint.id(), endpoint.address()));
            }
            clusters.put(service.name(), new Cluster(service.name(), endpoints, balancing, OutlierDetection.DEFAULT,
                    MAX_CONNECTIONS_PER_ENDPOINT));
        }
        EdgeSpec edge = spec.edge();
        return new EdgeSnapshot(version, routes, clusters,
                new ForwardingPolicy(edge.trustedProxies(), edge.cloudfront(), edge.drainTimeout()));
    }

    private static Route route(String id, RouteSpec route) {
        Optional<String> rewrite = route.stripPrefix() ? Optional.of("/") : route.rewrite();
        List<WeightedCluster> backends = route.backends().stream()
                .map(backend -> new WeightedCluster(backend.service(), backend.weight())).toList();
        RouteSpec.Timeouts timeouts = route.timeouts();
        return new Route(id, route.host(), route.pathPrefix(), route.methods(), route.headers(), rewrite, backends,
                new Timeouts(timeouts.connect(), timeouts.responseHeader(), timeouts.idle()),
                new RetryPolicy(route.retries(), RETRY_BUDGET_PERCENT, MIN_RETRIES_PER_SECOND));
    }

    /** The same snapshot content, ignoring the version: whether the edge needs an update. */
    static boolean sameContent(EdgeSnapshot a, EdgeSnapshot b) {
        return a.routes().equals(b.routes()) && a.clusters().equals(b.clusters()) && a.forwarding().equals(b.forwarding());
    }

}

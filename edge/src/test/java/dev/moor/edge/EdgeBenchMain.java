package dev.moor.edge;

import dev.moor.snapshot.Balancing;
import dev.moor.snapshot.Cluster;
import dev.moor.snapshot.EdgeSnapshot;
import dev.moor.snapshot.Endpoint;
import dev.moor.snapshot.ForwardingPolicy;
import dev.moor.snapshot.OutlierDetection;
import dev.moor.snapshot.RetryPolicy;
import dev.moor.snapshot.Route;
import dev.moor.snapshot.Timeouts;
import dev.moor.snapshot.WeightedCluster;

import dev.moor.edge.cache.HttpCache;
import dev.moor.edge.cache.RouteCache;
import dev.moor.edge.filter.RouteFilters;
import dev.moor.edge.observe.EdgeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Starts an edge for ad-hoc load tests: {@code EdgeBenchMain <listen-port> <threads> <backend-host:port> [routes]}
 * serves every path from the one backend, those under {@code /cached} through the edge's HTTP cache; with
 * {@code routes} > 1, that many extra host routes are compiled too.
 */
public final class EdgeBenchMain {
    private EdgeBenchMain() {}

    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(args[0]);
        int threads = Integer.parseInt(args[1]);
        String[] backend = args[2].split(":");
        int extraRoutes = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        Endpoint endpoint = new Endpoint(args[2], new InetSocketAddress(backend[0], Integer.parseInt(backend[1])));
        Timeouts timeouts = new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(60));
        List<Route> routes = new ArrayList<>();
        for (int i = 0; i < extraRoutes; i++) {
            routes.add(new Route("r" + i, Optional.of("host" + i + ".example.com"), "/p" + i, Set.of(), Map.of(),
                    Optional.empty(), List.of(new WeightedCluster("backend", 1)), timeouts, RetryPolicy.DEFAULT));
        }
        routes.add(new Route("all", Optional.empty(), "/", Set.of(), Map.of(), Optional.empty(),
                List.of(new WeightedCluster("backend", 1)), timeouts, RetryPolicy.DEFAULT));
        routes.add(new Route("cached", Optional.empty(), "/cached", Set.of(), Map.of(), Optional.empty(),
                List.of(new WeightedCluster("backend", 1)), timeouts, RetryPolicy.DEFAULT));
        Cluster cluster = new Cluster("backend", List.of(endpoint), Balancing.POWER_OF_TWO_CHOICES,
                OutlierDetection.DEFAULT, 1024);
        // The registry moor up uses: its timers are what the request path pays for.
        HttpCache cache = HttpCache.builder().build();
        RouteFilters cached = new RouteCache(cache, "cached", Duration.ZERO).filters();
        EdgeServer server = EdgeServer.builder().listen(new InetSocketAddress("127.0.0.1", port)).threads(threads)
                .metrics(new EdgeMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))).cache(cache)
                .filters(route -> route.id().equals("cached") ? cached : RouteFilters.NONE).build();
        server.start();
        System.out.println("problems: " + server.update(new EdgeSnapshot(1, routes, Map.of("backend", cluster),
                ForwardingPolicy.DEFAULT)));
        Thread.currentThread().join();
    }
}

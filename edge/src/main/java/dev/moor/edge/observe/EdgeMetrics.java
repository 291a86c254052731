package dev.moor.edge.observe;

import dev.moor.snapshot.channel.ClusterFigures;
import dev.moor.snapshot.channel.Figures;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.pause.NoPauseDetector;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The edge's meters in a Micrometer registry, resolved once per route and per cluster so that the request path
 * only increments meters it already holds; a route's meters stay registered across snapshots, so its counts go on.
 *
 * <p>Use one {@code EdgeMetrics} per registry: gauges are bound to the first meter object registered under an id.
 */
public final class EdgeMetrics {
    /** Percentile-histogram buckets between these bounds, plus round bounds for SLO queries. */
    private static final Duration[] SLO_BOUNDS = {
            Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(30)};
    /** The latency bounds of {@link ClusterFigures}: the SLO bounds, in milliseconds. */
    static final List<Long> BOUNDS_MILLIS = Arrays.stream(SLO_BOUNDS).map(Duration::toMillis).toList();

    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, RouteMeters> routes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ClusterMeters> clusters = new ConcurrentHashMap<>();

    public EdgeMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** The meters of a route, registered on first use: the edge asks with the route's first request. */
    public RouteMeters route(String routeId) {
        Objects.requireNonNull(routeId, "routeId");
        return routes.computeIfAbsent(routeId, id -> new RouteMeters(registry, id));
    }

    /** The meters of a cluster (service), registered on first use. */
    public ClusterMeters cluster(String clusterName) {
        Objects.requireNonNull(clusterName, "clusterName");
        return clusters.computeIfAbsent(clusterName, name -> new ClusterMeters(registry, name));
    }

    /**
     * Per cluster that was sent a request since the edge started, what it measured ({@link ClusterMeters#figures}):
     * what the edge sends the server every second. Apply the event loops' buffered samples first
     * ({@code EdgeServer.publishMeters}) for figures up to now.
     */
    public Figures figures() {
        Map<String, ClusterFigures> figures = new HashMap<>();
        clusters.forEach((name, meters) -> {
            ClusterFigures measured = meters.figures();
            if (measured != null) {
                figures.put(name, measured);
            }
        });
        return new Figures(figures);
    }

    static Timer latencyTimer(MeterRegistry registry, String name, String description, String tag, String value) {
        return Timer.builder(name)
                .description(description)
                .tag(tag, value)
                // Round buckets only: a percentile histogram is ~70 series per route, too many with 10,000 routes.
                .serviceLevelObjectives(SLO_BOUNDS)
                // The default pause detector adds a synchronized interval estimator to every record() call.
                .pauseDetector(new NoPauseDetector())
                .register(registry);
    }
}

package dev.moor.edge.observe;

import dev.moor.edge.cache.CacheLookup;
import dev.moor.edge.cache.CacheRequest;
import dev.moor.edge.cache.Forward;
import dev.moor.edge.cache.HttpCache;
import dev.moor.snapshot.channel.ClusterFigures;
import dev.moor.snapshot.channel.Figures;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EdgeMetricsTest {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final EdgeMetrics metrics = new EdgeMetrics(registry);
    private final MeterBuffer buffer = new MeterBuffer();

    @Test
    void countsRequestsByRouteAndStatusClass() {
        RouteMeters shop = metrics.route("shop");
        RouteMeters api = metrics.route("api");
        int[] statuses = {101, 200, 204, 301, 404, 429, 500, 502, 503};
        for (int status : statuses) {
            buffer.requestStarted(shop);
            buffer.requestFinished(shop, status, 1_000_000);
        }
        buffer.requestStarted(api);
        buffer.requestFinished(api, 200, 1_000_000);
        buffer.flush();

        assertThat(requests(registry, "shop", "1xx")).isEqualTo(1);
        assertThat(requests(registry, "shop", "2xx")).isEqualTo(2);
        assertThat(requests(registry, "shop", "3xx")).isEqualTo(1);
        assertThat(requests(registry, "shop", "4xx")).isEqualTo(2);
        assertThat(requests(registry, "shop", "5xx")).isEqualTo(3);
        assertThat(requests(registry, "api", "2xx")).isEqualTo(1);
        assertThat(registry.scrape())
                .contains("moor_edge_requests_total{route=\"shop\",status_class=\"5xx\"} 3.0\n")
                .contains("moor_edge_requests_total{route=\"shop\",status_class=\"2xx\"} 2.0\n")
                .contains("moor_edge_requests_total{route=\"api\",status_class=\"2xx\"} 1.0\n")
                .contains("moor_edge_requests_total{route=\"api\",status_class=\"4xx\"} 0.0\n");
    }

    @Test
    void countsAStatusOutsideTheValidRangeInTheNearestClass() {
        RouteMeters route = metrics.route("odd");
        for (int status : new int[] {0, 99, 600, 999}) {
            buffer.requestStarted(route);
            buffer.requestFinished(route, status, 1);
        }
        buffer.flush();
        assertThat(requests(registry, "odd", "1xx")).isEqualTo(2);
        assertThat(requests(registry, "odd", "5xx")).isEqualTo(2);
    }

    @Test
    void tracksRequestsInFlight() {
        RouteMeters route = metrics.route("shop");
        buffer.requestStarted(route);
        buffer.requestStarted(route);
        buffer.requestStarted(route);
        buffer.requestFinished(route, 200, 1);
        buffer.flush();

        assertThat(registry.get("moor.edge.requests.in.flight").tag("route", "shop").gauge().value()).isEqualTo(2);
        assertThat(registry.scrape()).contains("moor_edge_requests_in_flight{route=\"shop\"} 2.0\n");
    }

    @Test
    void recordsRequestLatencyInAHistogramFromOneMillisecondToThirtySeconds() {
        RouteMeters route = metrics.route("shop");
        for (Duration latency : List.of(Duration.ofMillis(3), Duration.ofMillis(40), Duration.ofSeconds(2))) {
            buffer.requestStarted(route);
            buffer.requestFinished(route, 200, latency.toNanos());
        }
        buffer.flush();

        Timer timer = registry.get("moor.edge.request.duration").tag("route", "shop").timer();
        assertThat(timer.count()).isEqualTo(3);
        assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(2043);
        assertThat(registry.scrape())
                .contains("moor_edge_request_duration_seconds_bucket{route=\"shop\",le=\"0.001\"} 0\n")
                .contains("moor_edge_request_duration_seconds_bucket{route=\"shop\",le=\"0.005\"} 1\n")
                .contains("moor_edge_request_duration_seconds_bucket{route=\"shop\",le=\"0.05\"} 2\n")
                .contains("moor_edge_request_duration_seconds_bucket{route=\"shop\",le=\"2.5\"} 3\n")
                .contains("moor_edge_request_duration_seconds_bucket{route=\"shop\",le=\"30.0\"} 3\n")
                .contains("moor_edge_request_duration_seconds_bucket{route=\"shop\",le=\"+Inf\"} 3\n")
                .contains("moor_edge_request_duration_seconds_count{route=\"shop\"} 3\n")
                .contains("moor_edge_request_duration_seconds_sum{route=\"shop\"} 2.043\n");
    }

    @Test
    void recordsUpstreamLatencyErrorsRetriesAndEjectionsPerCluster() {
        ClusterMeters orders = metrics.cluster("orders");
        buffer.upstreamRequest(orders, Duration.ofMillis(7).toNanos());
        buffer.upstreamRequest(orders, Duration.ofMillis(70).toNanos());
        buffer.flush();
        for (String kind : List.of("connect", "connect", "timeout", "reset", "bad_response", "5xx", "5xx", "5xx")) {
            orders.upstreamError(kind);
        }
        orders.retry();
        orders.retry();
        orders.ejection();

        Timer upstream = registry.get("moor.edge.upstream.duration").tag("cluster", "orders").timer();
        assertThat(upstream.count()).isEqualTo(2);
        assertThat(upstream.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(77);
        assertThat(registry.get("moor.edge.retries").tag("cluster", "orders").counter().count()).isEqualTo(2);
        assertThat(registry.get("moor.edge.ejections").tag("cluster", "orders").counter().count()).isEqualTo(1);
        assertThat(registry.scrape())
                .contains("moor_edge_upstream_duration_seconds_bucket{cluster=\"orders\",le=\"0.005\"} 0\n")
                .contains("moor_edge_upstream_duration_seconds_bucket{cluster=\"orders\",le=\"0.01\"} 1\n")
                .contains("moor_edge_upstream_duration_seconds_bucket{cluster=\"orders\",le=\"0.1\"} 2\n")
                .contains("moor_edge_upstream_errors_total{cluster=\"orders\",kind=\"connect\"} 2.0\n")
                .contains("moor_edge_upstream_errors_total{cluster=\"orders\",kind=\"timeout\"} 1.0\n")
                .contains("moor_edge_upstream_errors_total{cluster=\"orders\",kind=\"reset\"} 1.0\n")
                .contains("moor_edge_upstream_errors_total{cluster=\"orders\",kind=\"bad_response\"} 1.0\n")
                .contains("moor_edge_upstream_errors_total{cluster=\"orders\",kind=\"5xx\"} 3.0\n")
                .contains("moor_edge_retries_total{cluster=\"orders\"} 2.0\n")
                .contains("moor_edge_ejections_total{cluster=\"orders\"} 1.0\n");
    }

    @Test
    void figuresCountResponsesServerErrorsFailedAttemptsAndLatencyPerClusterSinceTheStart() {
        ClusterMeters orders = metrics.cluster("orders");
        metrics.cluster("idle");
        for (Duration latency : List.of(Duration.ofNanos(400_000), Duration.ofMillis(7), Duration.ofMillis(70),
                Duration.ofMillis(70), Duration.ofMillis(900), Duration.ofSeconds(40))) {
            buffer.upstreamRequest(orders, latency.toNanos());
        }
        buffer.flush();
        for (String kind : List.of("connect", "connect", "timeout", "reset", "bad_response", "5xx", "5xx")) {
            orders.upstreamError(kind);
        }
        ClusterMeters refused = metrics.cluster("refused");
        refused.upstreamError("connect");
        refused.retry();

        Figures figures = metrics.figures();

        List<Long> bounds = List.of(1L, 5L, 10L, 25L, 50L, 100L, 250L, 500L, 1000L, 2500L, 5000L, 10000L, 30000L);
        assertThat(figures).isEqualTo(new Figures(Map.of(
                "orders", new ClusterFigures(6, 2, 5, bounds, List.of(1L, 1L, 2L, 2L, 2L, 4L, 4L, 4L, 5L, 5L, 5L, 5L, 5L)),
                "refused", new ClusterFigures(0, 0, 1, bounds, List.of(0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L)))));
        buffer.upstreamRequest(orders, Duration.ofMillis(3).toNanos());
        buffer.flush();
        assertThat(metrics.figures().clusters().get("orders").atMost()).startsWith(1L, 2L, 3L);
    }

    @Test
    void figuresCountA5xxOnlyOnceItsResponseIsApplied() {
        ClusterMeters orders = metrics.cluster("orders");
        buffer.upstreamRequest(orders, Duration.ofMillis(7).toNanos());
        orders.upstreamError("5xx");

        assertThat(metrics.figures().clusters()).isEmpty();
        buffer.flush();
        assertThat(metrics.figures().clusters().get("orders").serverErrors()).isEqualTo(1);
    }

    @Test
    void rejectsAnUnknownUpstreamErrorKind() {
        assertThatThrownBy(() -> metrics.cluster("orders").upstreamError("dns"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("upstream error kind: dns (expected: connect, timeout, reset, bad_response, 5xx)");
    }

    @Test
    void readsEjectedEndpointsFromTheLatestSupplier() {
        ClusterMeters orders = metrics.cluster("orders");
        assertThat(registry.scrape()).contains("moor_edge_ejected_endpoints{cluster=\"orders\"} 0.0\n");

        AtomicInteger ejected = new AtomicInteger(2);
        orders.ejectedEndpoints(ejected::get);
        assertThat(registry.scrape()).contains("moor_edge_ejected_endpoints{cluster=\"orders\"} 2.0\n");
        ejected.set(1);
        assertThat(registry.get("moor.edge.ejected.endpoints").tag("cluster", "orders").gauge().value()).isEqualTo(1);

        orders.ejectedEndpoints(() -> 5);
        assertThat(registry.get("moor.edge.ejected.endpoints").tag("cluster", "orders").gauges()).hasSize(1);
        assertThat(registry.scrape()).contains("moor_edge_ejected_endpoints{cluster=\"orders\"} 5.0\n");
    }

    @Test
    void resolvesTheMetersOfARouteOrClusterOnce() {
        assertThat(metrics.route("shop")).isSameAs(metrics.route("shop")).isNotSameAs(metrics.route("api"));
        assertThat(metrics.cluster("orders")).isSameAs(metrics.cluster("orders")).isNotSameAs(metrics.cluster("x"));
        assertThat(registry.find("moor.edge.requests").tag("route", "shop").counters()).hasSize(5);
    }

    @Test
    void countsExactlyUnderConcurrentUse() throws InterruptedException {
        int threads = 8;
        int requestsPerThread = 50_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(Thread.ofPlatform().start(() -> {
                await(start);
                RouteMeters route = metrics.route("hot");
                ClusterMeters cluster = metrics.cluster("hot");
                MeterBuffer buffer = new MeterBuffer();
                for (int i = 0; i < requestsPerThread; i++) {
                    buffer.requestStarted(route);
                    buffer.upstreamRequest(cluster, 1_000_000);
                    if (i % 10 == 0) {
                        cluster.upstreamError("connect");
                        cluster.retry();
                    }
                    buffer.requestFinished(route, i % 2 == 0 ? 200 : 503, 2_000_000);
                }
                buffer.flush();
            }));
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }

        long total = (long) threads * requestsPerThread;
        assertThat(requests(registry, "hot", "2xx")).isEqualTo(total / 2);
        assertThat(requests(registry, "hot", "5xx")).isEqualTo(total / 2);
        assertThat(registry.get("moor.edge.request.duration").tag("route", "hot").timer().count()).isEqualTo(total);
        assertThat(registry.get("moor.edge.upstream.duration").tag("cluster", "hot").timer().count()).isEqualTo(total);
        assertThat(registry.get("moor.edge.upstream.errors").tags("cluster", "hot", "kind", "connect").counter().count())
                .isEqualTo(total / 10);
        assertThat(registry.get("moor.edge.retries").tag("cluster", "hot").counter().count()).isEqualTo(total / 10);
        assertThat(registry.get("moor.edge.requests.in.flight").tag("route", "hot").gauge().value()).isZero();
        assertThat(registry.scrape())
                .contains("moor_edge_request_duration_seconds_bucket{route=\"hot\",le=\"0.001\"} 0\n")
                .contains("moor_edge_request_duration_seconds_bucket{route=\"hot\",le=\"0.005\"} " + total + "\n");
    }

    @Test
    void recordingARequestAllocatesNothing() {
        RouteMeters route = metrics.route("shop");
        ClusterMeters cluster = metrics.cluster("orders");
        long bytes = Allocations.bytesOverRuns(() -> {
            buffer.requestStarted(route);
            buffer.upstreamRequest(cluster, 3_000_000);
            cluster.upstreamError("5xx");
            cluster.retry();
            buffer.requestFinished(route, 503, 4_000_000);
        }, 1_000_000);
        assertThat(bytes).as("bytes allocated by a million requests").isLessThan(16 * 1024);
    }

    @Test
    void appliesBufferedSamplesWhenFlushed() {
        RouteMeters route = metrics.route("shop");
        ClusterMeters cluster = metrics.cluster("orders");
        buffer.requestStarted(route);
        buffer.upstreamRequest(cluster, 1_000_000);

        assertThat(registry.get("moor.edge.requests.in.flight").tag("route", "shop").gauge().value()).isZero();
        assertThat(registry.get("moor.edge.upstream.duration").tag("cluster", "orders").timer().count()).isZero();
        buffer.flush();
        assertThat(registry.get("moor.edge.requests.in.flight").tag("route", "shop").gauge().value()).isEqualTo(1);
        assertThat(registry.get("moor.edge.upstream.duration").tag("cluster", "orders").timer().count()).isEqualTo(1);

        buffer.requestFinished(route, 200, 2_000_000);
        buffer.flush();
        buffer.flush();
        assertThat(requests(registry, "shop", "2xx")).as("a sample is applied once").isEqualTo(1);
        assertThat(registry.get("moor.edge.requests.in.flight").tag("route", "shop").gauge().value()).isZero();
    }

    @Test
    void flushesItselfWhenFull() {
        RouteMeters route = metrics.route("shop");
        ClusterMeters cluster = metrics.cluster("orders");
        for (int i = 0; i < MeterBuffer.CAPACITY - 1; i++) {
            buffer.requestFinished(route, 200, 1);
            buffer.upstreamRequest(cluster, 1);
        }
        assertThat(requests(registry, "shop", "2xx")).isZero();
        assertThat(registry.get("moor.edge.upstream.duration").tag("cluster", "orders").timer().count()).isZero();

        buffer.requestFinished(route, 200, 1);
        assertThat(requests(registry, "shop", "2xx")).isEqualTo(MeterBuffer.CAPACITY);
        assertThat(registry.get("moor.edge.upstream.duration").tag("cluster", "orders").timer().count()).isZero();
        buffer.upstreamRequest(cluster, 1);
        assertThat(registry.get("moor.edge.upstream.duration").tag("cluster", "orders").timer().count())
                .isEqualTo(MeterBuffer.CAPACITY);
    }

    @Test
    void worksOverAnyMeterRegistry() {
        MeterRegistry simple = new SimpleMeterRegistry();
        RouteMeters route = new EdgeMetrics(simple).route("shop");
        buffer.requestStarted(route);
        buffer.requestFinished(route, 404, Duration.ofMillis(12).toNanos());
        buffer.flush();

        assertThat(requests(simple, "shop", "4xx")).isEqualTo(1);
        assertThat(simple.get("moor.edge.request.duration").tag("route", "shop").timer().count()).isEqualTo(1);
        assertThat(simple.get("moor.edge.requests.in.flight").tag("route", "shop").gauge().value()).isZero();
    }

    private static double requests(MeterRegistry registry, String route, String statusClass) {
        return registry.get("moor.edge.requests").tags("route", route, "status_class", statusClass).counter().count();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void theCachesCountersAndSizesAreReadFromItWhenScraped() {
        ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
        try (HttpCache cache = HttpCache.builder().build()) {
            metrics.cache(cache);
            CacheRequest request = CacheRequest.of(HttpMethod.GET, "http", "shop.example", "/", new DefaultHttpHeaders());
            Forward miss = (Forward) cache.lookup(request, loop, resumed -> { });
            miss.response(200, "OK", new DefaultHttpHeaders().add("cache-control", "max-age=60").add("content-length", "5"));
            miss.body(Unpooled.wrappedBuffer(new byte[] {'h', 'e', 'l', 'l', 'o'}));
            miss.end();
            assertThat(cache.lookup(request, loop, resumed -> { })).isInstanceOf(CacheLookup.Hit.class);

            assertThat(registry.scrape())
                    .contains("moor_edge_cache_hits_total 1.0\n")
                    .contains("moor_edge_cache_misses_total 1.0\n")
                    .contains("moor_edge_cache_stored_total 1.0\n")
                    .contains("moor_edge_cache_stale_total 0.0\n")
                    .contains("moor_edge_cache_coalesced_total 0.0\n")
                    .contains("moor_edge_cache_revalidated_total 0.0\n")
                    .contains("moor_edge_cache_evicted_total{tier=\"memory\"} 0.0\n")
                    .contains("moor_edge_cache_evicted_total{tier=\"disk\"} 0.0\n")
                    .contains("moor_edge_cache_served_bytes_total 5.0\n")
                    .contains("moor_edge_cache_entries{tier=\"memory\"} 1.0\n")
                    .contains("moor_edge_cache_size_bytes{tier=\"disk\"} 0.0\n")
                    .containsPattern("moor_edge_cache_size_bytes\\{tier=\"memory\"} [1-9][0-9]*\\.0\n");
        } finally {
            loop.shutdownNow();
        }
    }
}

package dev.moor.edge.observe;

import dev.moor.snapshot.channel.ClusterFigures;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The meters of one cluster (service): upstream latency, upstream errors by kind, retries (taken and refused by
 * the budget), ejections and the number of endpoints ejected now. Upstream latency is recorded through a
 * {@link MeterBuffer}, for every response head (5xx included). Thread-safe; the counting calls allocate nothing and
 * take no lock.
 */
public final class ClusterMeters {
    private final Timer upstreamDuration;
    private final Counter connectErrors;
    private final Counter timeoutErrors;
    private final Counter resetErrors;
    private final Counter badResponseErrors;
    private final Counter serverErrors;
    private final Counter retries;
    private final Counter retriesRefused;
    private final Counter ejections;
    private volatile IntSupplier ejectedEndpoints = () -> 0;

    ClusterMeters(MeterRegistry registry, String clusterName) {
        upstreamDuration = EdgeMetrics.latencyTimer(registry, "moor.edge.upstream.duration",
                "From sending a request upstream to receiving its response head", "cluster", clusterName);
        connectErrors = upstreamErrors(registry, clusterName, "connect");
        timeoutErrors = upstreamErrors(registry, clusterName, "timeout");
        resetErrors = upstreamErrors(registry, clusterName, "reset");
        badResponseErrors = upstreamErrors(registry, clusterName, "bad_response");
        serverErrors = upstreamErrors(registry, clusterName, "5xx");
        retries = Counter.builder("moor.edge.retries")
                .description("Upstream attempts repeated on another endpoint")
                .tag("cluster", clusterName)
                .register(registry);
        retriesRefused = Counter.builder("moor.edge.retries.refused")
                .description("Failed attempts that could have been retried but the retry budget was spent")
                .tag("cluster", clusterName)
                .register(registry);
        ejections = Counter.builder("moor.edge.ejections")
                .description("Endpoints ejected by passive outlier detection")
                .tag("cluster", clusterName)
                .register(registry);
        Gauge.builder("moor.edge.ejected.endpoints", this, meters -> meters.ejectedEndpoints.getAsInt())
                .description("Endpoints ejected now")
                .tag("cluster", clusterName)
                .strongReference(true)
                .register(registry);
    }

    private static Counter upstreamErrors(MeterRegistry registry, String clusterName, String kind) {
        return Counter.builder("moor.edge.upstream.errors")
                .description("Failed upstream attempts, by kind")
                .tag("cluster", clusterName)
                .tag("kind", kind)
                .register(registry);
    }

    void upstreamRequest(long durationNanos) {
        upstreamDuration.record(durationNanos, TimeUnit.NANOSECONDS);
    }

    /** Counts a failed upstream attempt; kind: connect, timeout, reset, bad_response or 5xx. */
    public void upstreamError(String kind) {
        Counter errors = switch (kind) {
            case "connect" -> connectErrors;
            case "timeout" -> timeoutErrors;
            case "reset" -> resetErrors;
            case "bad_response" -> badResponseErrors;
            case "5xx" -> serverErrors;
            default -> throw new IllegalArgumentException(
                    "upstream error kind: " + kind + " (expected: connect, timeout, reset, bad_response, 5xx)");
        };
        errors.increment();
    }

    public void retry() {
        retries.increment();
    }

    public void retryRefused() {
        retriesRefused.increment();
    }

    public void ejection() {
        ejections.increment();
    }

    /**
     * What the cluster measured since the edge started, for the server ({@code Figures}); null when no request was
     * sent to it. The responses are the upstream latency timer's count, the latency buckets its SLO buckets
     * ({@link EdgeMetrics#BOUNDS_MILLIS}), cumulative since the start with the Prometheus registry of the edge
     * process, whose histograms never expire (another registry may age its buckets out). Responses reach the timer
     * through the event loops' {@link MeterBuffer}s, errors their counters at once: a 5xx counts as a server error
     * once its response counts (up to a second later, unless the buffers were applied first).
     */
    public ClusterFigures figures() {
        long failedAttempts = count(connectErrors) + count(timeoutErrors) + count(resetErrors)
                + count(badResponseErrors);
        long fives = count(serverErrors);
        HistogramSnapshot latency = upstreamDuration.takeSnapshot();
        CountAtBucket[] buckets = latency.histogramCounts();
        List<Long> atMost = new ArrayList<>(EdgeMetrics.BOUNDS_MILLIS.size());
        long slowest = 0;
        for (long bound : EdgeMetrics.BOUNDS_MILLIS) {
            long count = 0;
            for (CountAtBucket bucket : buckets) {
                if (bucket.bucket(TimeUnit.MILLISECONDS) <= bound) {
                    count = Math.max(count, (long) bucket.count());
                }
            }
            atMost.add(count);
            slowest = count;
        }
        // The count and the buckets are read one after the other while loops may record.
        long responses = Math.max(latency.count(), slowest);
        if (responses == 0 && failedAttempts == 0) {
            return null;
        }
        return new ClusterFigures(responses, Math.min(fives, responses), failedAttempts, EdgeMetrics.BOUNDS_MILLIS,
                atMost);
    }

    private static long count(Counter counter) {
        return (long) counter.count();
    }

    /**
     * Where the ejected-endpoints gauge reads its value. The gauge is registered once, with the cluster's meters;
     * each call replaces the source, so a new outlier detector per snapshot can take over. The supplier is
     * called on the thread that scrapes the registry, so it must be safe to call from any thread.
     */
    public void ejectedEndpoints(IntSupplier currentlyEjected) {
        ejectedEndpoints = Objects.requireNonNull(currentlyEjected, "currentlyEjected");
    }
}

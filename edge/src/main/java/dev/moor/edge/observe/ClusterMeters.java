package dev.moor.edge.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The meters of one cluster (service): upstream latency, upstream errors by kind, retries (taken and refused by
 * the budget), ejections and the number of endpoints ejected now. Upstream latency is recorded through a
 * {@link MeterBuffer}. Thread-safe; the counting calls allocate nothing and take no lock.
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
     * Where the ejected-endpoints gauge reads its value. The gauge is registered once, with the cluster's meters;
     * each call replaces the source, so a new outlier detector per snapshot can take over. The supplier is
     * called on the thread that scrapes the registry, so it must be safe to call from any thread.
     */
    public void ejectedEndpoints(IntSupplier currentlyEjected) {
        ejectedEndpoints = Objects.requireNonNull(currentlyEjected, "currentlyEjected");
    }
}

package dev.moor.edge.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The meters of one route: requests by status class, request latency, requests in flight. Recorded through a
 * {@link MeterBuffer}. Thread-safe; a call allocates nothing and takes no lock.
 */
public final class RouteMeters {
    private static final String[] STATUS_CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};

    private final Counter[] requestsByStatusClass = new Counter[STATUS_CLASSES.length];
    private final Timer duration;
    private final LongAdder inFlight = new LongAdder();

    RouteMeters(MeterRegistry registry, String routeId) {
        for (int i = 0; i < STATUS_CLASSES.length; i++) {
            requestsByStatusClass[i] = Counter.builder("moor.edge.requests")
                    .description("Requests answered, by route and status class")
                    .tag("route", routeId)
                    .tag("status_class", STATUS_CLASSES[i])
                    .register(registry);
        }
        duration = EdgeMetrics.latencyTimer(registry, "moor.edge.request.duration",
                "From a request's first byte to its response's last", "route", routeId);
        Gauge.builder("moor.edge.requests.in.flight", inFlight, LongAdder::sum)
                .description("Requests received and not yet answered")
                .tag("route", routeId)
                .strongReference(true)
                .register(registry);
    }

    void requestStarted() {
        inFlight.increment();
    }

    /** Ends a request started with {@link #requestStarted()}; a status outside 100..599 counts in the nearest class. */
    void requestFinished(int status, long durationNanos) {
        inFlight.decrement();
        requestsByStatusClass[statusClassIndex(status)].increment();
        duration.record(durationNanos, TimeUnit.NANOSECONDS);
    }

    private static int statusClassIndex(int status) {
        return Math.clamp(status / 100 - 1, 0, STATUS_CLASSES.length - 1);
    }
}

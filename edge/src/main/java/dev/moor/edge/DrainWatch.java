package dev.moor.edge;

import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Tells the control plane when an endpoint that left the snapshot has drained: no event loop has a request in flight
 * to it (a request still busy at the drain timeout has had its connection closed), so its container can stop.
 *
 * <p>The rule: the listener hears an id once no retired state of it drains any more and the snapshot being served does
 * not name it. An id that comes back before its retirement drained is not reported for that retirement; it is
 * reported once it leaves again and drains. The decision is made atomically with {@link EdgeServer#update}; the call
 * follows on a thread of its own, so a report decided just before an update that brings the id back may arrive after
 * that update returned (act on it only if the id is still meant to go). When the edge closes, the endpoints still
 * draining are reported as their connections are closed with it.
 *
 * <p>Event loops only decrement a counter of the endpoint; the last one hands the rest to the notifier thread.
 */
final class DrainWatch {
    private static final Logger LOG = LoggerFactory.getLogger(DrainWatch.class);
    static final DrainWatch NONE = new DrainWatch(null);

    private final Consumer<String> listener;
    private final ExecutorService notifier;
    /** Retired states that still drain, by endpoint id. */
    private final Map<String, List<EndpointState>> draining = new HashMap<>();
    private Set<String> served = Set.of();

    DrainWatch(Consumer<String> listener) {
        this.listener = listener;
        this.notifier = listener == null ? null
                : Executors.newSingleThreadExecutor(new DefaultThreadFactory("moor-edge-drained", true));
    }

    /**
     * An update is about to serve {@code servedIds}; {@code retired} left with it and drain on {@code loops} event
     * loops (0 when the edge has none running: nothing can be in flight).
     */
    void update(Set<String> servedIds, List<EndpointState> retired, int loops) {
        if (listener == null) {
            return;
        }
        List<EndpointState> drainedNow = new ArrayList<>();
        synchronized (this) {
            served = Set.copyOf(servedIds);
            for (EndpointState endpoint : retired) {
                endpoint.loopsDraining.set(loops);
                draining.computeIfAbsent(endpoint.id, id -> new ArrayList<>()).add(endpoint);
                if (loops == 0) {
                    drainedNow.add(endpoint);
                }
            }
        }
        drainedNow.forEach(this::notifyDrained);
    }

    /** An event loop has nothing left to {@code endpoint}: called once per loop, from that loop. */
    void loopDone(EndpointState endpoint) {
        if (listener != null && endpoint.loopsDraining.decrementAndGet() == 0) {
            notifyDrained(endpoint);
        }
    }

    private void notifyDrained(EndpointState endpoint) {
        try {
            notifier.execute(() -> drained(endpoint));
        } catch (RejectedExecutionException e) {
            LOG.debug("edge closed: {} drained with it", endpoint);
        }
    }

    private void drained(EndpointState endpoint) {
        boolean report;
        synchronized (this) {
            List<EndpointState> states = draining.get(endpoint.id);
            if (states == null || !states.remove(endpoint)) {
                return;
            }
            if (states.isEmpty()) {
                draining.remove(endpoint.id);
            }
            report = states.isEmpty() && !served.contains(endpoint.id);
        }
        if (report) {
            call(endpoint.id);
        }
    }

    private void call(String id) {
        try {
            listener.accept(id);
        } catch (RuntimeException e) {
            LOG.warn("edge: the drained listener failed for endpoint {}", id, e);
        }
    }

    /** The edge closed every connection: what still drained is reported, then the notifier thread ends. */
    void close() {
        if (listener == null) {
            return;
        }
        List<String> left = new ArrayList<>();
        synchronized (this) {
            for (String id : draining.keySet()) {
                if (!served.contains(id)) {
                    left.add(id);
                }
            }
            draining.clear();
        }
        try {
            notifier.execute(() -> left.forEach(this::call));
        } catch (RejectedExecutionException e) {
            LOG.debug("edge: drained notifier already stopped");
        }
        notifier.shutdown();
        try {
            if (!notifier.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("edge: the drained listener did not return within 5 s of the edge closing");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

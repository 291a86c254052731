package dev.moor.engine.health;

import dev.moor.engine.reconciler.ReplicaHealth;
import dev.moor.engine.runtime.ContainerRuntime;
import dev.moor.spec.HealthSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Probes every watched replica at its spec's interval and keeps one health verdict per container.
 *
 * <p>Each replica is probed at once when watched, then {@code interval} after its previous probe ended, so that
 * a slow replica is never probed twice at the same time. Probes run on virtual threads; the clock only stamps
 * results (the grace period is measured with it), the waits between probes are real time.
 * {@link HealthListener} calls happen on one thread, in the order of the changes, outside any lock of the
 * monitor, so a listener may call back into it.
 */
public final class HealthMonitor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HealthMonitor.class);

    private final ContainerRuntime runtime;
    private final InstantSource clock;
    private final HealthListener listener;
    private final HttpClient http;
    private final ScheduledExecutorService timer;
    private final ExecutorService probes;
    private final ExecutorService notifier;
    private final ConcurrentMap<String, WatchedReplica> replicas = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param runtime  runs the command probes
     * @param clock    stamps probe results
     * @param listener told of every change of health
     */
    public HealthMonitor(ContainerRuntime runtime, InstantSource clock, HealthListener listener) {
        this.runtime = runtime;
        this.clock = clock;
        this.listener = listener;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("moor-health-timer").factory());
        this.probes = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("moor-health-probe-", 0).factory());
        this.notifier = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("moor-health-listener").factory());
    }

    /**
     * Starts probing a replica, replacing any earlier watch of the same container.
     *
     * @param containerId the container
     * @param spec        how to probe it; {@code null} when its service has no probe (see
     *                    {@link HealthSpecs#effective}): it is healthy at once
     * @param address     where its port is published; {@code null} when it publishes none, which only a
     *                    command probe allows
     * @param startedAt   when the container started: the start grace counts from there
     * @throws IllegalArgumentException when an HTTP or TCP probe has no address, or the spec is invalid
     */
    public void watch(String containerId, HealthSpec spec, InetSocketAddress address, Instant startedAt) {
        if (closed) throw new IllegalStateException("the health monitor is closed");
        if (spec != null) requirePositive(spec);
        WatchedReplica replica = spec == null
                ? new WatchedReplica(containerId, null, null, Duration.ZERO, ReplicaHealth.HEALTHY)
                : new WatchedReplica(containerId, new HealthTracker(spec, startedAt),
                        probeFor(spec, address, containerId), spec.interval(), ReplicaHealth.STARTING);
        // Locked before it is published, so that a concurrent markStopping is told after this watch.
        synchronized (replica) {
            WatchedReplica previous = replicas.put(containerId, replica);
            ReplicaHealth before = ReplicaHealth.STARTING;
            if (previous != null) {
                synchronized (previous) {
                    previous.stop();
                    before = previous.health;
                }
            }
            notifyChange(containerId, before, replica.health, spec == null ? "no health check" : "watched");
            if (replica.probe != null) scheduleProbe(replica, Duration.ZERO);
        }
    }

    /** Stops probing a container and forgets it; its health reads STARTING again. */
    public void unwatch(String containerId) {
        WatchedReplica replica = replicas.remove(containerId);
        if (replica == null) return;
        synchronized (replica) {
            replica.stop();
        }
    }

    /** Moor is stopping the container: probing ends and its health reads STOPPING until it is unwatched. */
    public void markStopping(String containerId) {
        WatchedReplica replica = replicas.computeIfAbsent(containerId,
                id -> new WatchedReplica(id, null, null, Duration.ZERO, ReplicaHealth.STARTING));
        synchronized (replica) {
            replica.stop();
            if (replica.tracker != null) replica.tracker.markStopping();
            ReplicaHealth before = replica.health;
            replica.health = ReplicaHealth.STOPPING;
            notifyChange(containerId, before, ReplicaHealth.STOPPING, "stopping");
        }
    }

    /** The container's health; STARTING for a container that is not watched. */
    public ReplicaHealth health(String containerId) {
        WatchedReplica replica = replicas.get(containerId);
        return replica == null ? ReplicaHealth.STARTING : replica.health;
    }

    @Override
    public void close() {
        closed = true;
        replicas.values().forEach(replica -> {
            synchronized (replica) {
                replica.stop();
            }
        });
        timer.shutdownNow();
        probes.shutdownNow();
        notifier.shutdown();
        http.shutdownNow();
        try {
            if (!notifier.awaitTermination(1, TimeUnit.SECONDS)) notifier.shutdownNow();
        } catch (InterruptedException e) {
            notifier.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private HealthProbe probeFor(HealthSpec spec, InetSocketAddress address, String containerId) {
        return switch (spec.check()) {
            case HealthSpec.Check.Http(String path) ->
                    HttpProbe.of(http, requireAddress(address, "http", containerId), path, spec.timeout());
            case HealthSpec.Check.Tcp() -> new TcpProbe(requireAddress(address, "tcp", containerId), spec.timeout());
            case HealthSpec.Check.Command(var argv) -> new CommandProbe(runtime, containerId, argv, spec.timeout());
        };
    }

    private static void requirePositive(HealthSpec spec) {
        if (spec.interval().isNegative() || spec.interval().isZero()) {
            throw new IllegalArgumentException("interval: " + spec.interval().toMillis() + "ms (expected: > 0)");
        }
        if (spec.timeout().isNegative() || spec.timeout().isZero()) {
            throw new IllegalArgumentException("timeout: " + spec.timeout().toMillis() + "ms (expected: > 0)");
        }
    }

    private static InetSocketAddress requireAddress(InetSocketAddress address, String check, String containerId) {
        if (address == null) {
            throw new IllegalArgumentException("health: " + check + " probe of container " + containerId
                    + " needs a published port (expected: a service with a port, or a command probe)");
        }
        return address;
    }

    /** Must hold the replica's lock. */
    private void scheduleProbe(WatchedReplica replica, Duration delay) {
        if (!replica.probing || closed) return;
        try {
            replica.next = timer.schedule(() -> probes.execute(() -> runProbe(replica)),
                    delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // The monitor is closing: no more probes.
            replica.probing = false;
        }
    }

    private void runProbe(WatchedReplica replica) {
        if (!replica.probing) return;
        ProbeResult result = replica.probe.probe();
        Instant at = clock.instant();
        synchronized (replica) {
            if (!replica.probing) return;
            ReplicaHealth before = replica.health;
            ReplicaHealth after = result.healthy() ? replica.tracker.recordSuccess() : replica.tracker.recordFailure(at);
            replica.health = after;
            notifyChange(replica.containerId, before, after, result.detail());
            scheduleProbe(replica, replica.interval);
        }
    }

    /** Must hold the replica's lock, so that changes of one replica are told in order. */
    private void notifyChange(String containerId, ReplicaHealth before, ReplicaHealth after, String detail) {
        if (before == after) return;
        log.info("replica {}: {} -> {} ({})", shortId(containerId), before, after, detail);
        try {
            notifier.execute(() -> {
                try {
                    listener.onChange(containerId, before, after);
                } catch (RuntimeException e) {
                    log.error("health listener failed for replica {}", shortId(containerId), e);
                }
            });
        } catch (RejectedExecutionException e) {
            // The monitor is closed: nobody listens any more.
            log.debug("health change of {} after close not told", shortId(containerId));
        }
    }

    private static String shortId(String containerId) {
        return containerId.length() > 12 ? containerId.substring(0, 12) : containerId;
    }

    /** The monitor's state of one container; guarded by its own lock, {@link #health} readable without it. */
    private static final class WatchedReplica {
        final String containerId;
        final HealthTracker tracker;
        final HealthProbe probe;
        final Duration interval;
        volatile ReplicaHealth health;
        volatile boolean probing;
        Future<?> next;

        WatchedReplica(String containerId, HealthTracker tracker, HealthProbe probe, Duration interval,
                       ReplicaHealth health) {
            this.containerId = containerId;
            this.tracker = tracker;
            this.probe = probe;
            this.interval = interval;
            this.health = health;
            this.probing = probe != null;
        }

        void stop() {
            probing = false;
            if (next != null) next.cancel(false);
        }
    }
}

package dev.moor.engine.health;

import dev.moor.engine.reconciler.ReplicaHealth;
import dev.moor.engine.runtime.ContainerRequest;
import dev.moor.engine.runtime.ExecResult;
import dev.moor.engine.runtime.FakeContainerRuntime;
import dev.moor.spec.HealthSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static dev.moor.engine.reconciler.ReplicaHealth.HEALTHY;
import static dev.moor.engine.reconciler.ReplicaHealth.STARTING;
import static dev.moor.engine.reconciler.ReplicaHealth.STOPPING;
import static dev.moor.engine.reconciler.ReplicaHealth.UNHEALTHY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class HealthMonitorTest {

    private static final Duration INTERVAL = Duration.ofMillis(30);
    private static final Instant STARTED = Instant.parse("2025-06-01T12:00:00Z");
    /** Probes of a witness replica that prove a stopped probe had its chances: as many intervals as that. */
    private static final int WITNESS_PROBES = 10;

    record Change(String containerId, ReplicaHealth previous, ReplicaHealth current) {}

    private final AtomicReference<Instant> now = new AtomicReference<>(STARTED);
    private final InstantSource clock = now::get;
    private final List<Change> changes = new CopyOnWriteArrayList<>();
    private final FakeContainerRuntime runtime = new FakeContainerRuntime(clock);
    private final LoopbackHttpServer server = new LoopbackHttpServer();
    private HealthMonitor monitor = new HealthMonitor(runtime, clock,
            (id, previous, current) -> changes.add(new Change(id, previous, current)));

    @AfterEach
    void close() {
        monitor.close();
        server.close();
        runtime.close();
    }

    private static HealthSpec spec(HealthSpec.Check check, int unhealthyThreshold, Duration grace) {
        return new HealthSpec(check, INTERVAL, Duration.ofMillis(500), 1, unhealthyThreshold, grace);
    }

    private String runningContainer() {
        runtime.addImage("web:dev");
        String id = runtime.createContainer(new ContainerRequest("web-0", "web:dev", List.of(), Map.of(), Map.of(),
                "net", List.of(), Optional.empty(), "127.0.0.1", Optional.empty(), 1L << 28, 64, List.of(),
                List.of(), Duration.ofSeconds(1)));
        runtime.startContainer(id);
        return id;
    }

    @Test
    void an_http_replica_goes_healthy_unhealthy_and_back_and_each_change_is_told() {
        monitor.watch("c1", spec(new HealthSpec.Check.Http("/healthz"), 2, Duration.ZERO), server.address(), STARTED);

        await().atMost(Duration.ofSeconds(5)).until(() -> monitor.health("c1") == HEALTHY);
        server.answer(500);
        await().atMost(Duration.ofSeconds(5)).until(() -> monitor.health("c1") == UNHEALTHY);
        server.answer(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> monitor.health("c1") == HEALTHY);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(changes).containsExactly(
                new Change("c1", STARTING, HEALTHY),
                new Change("c1", HEALTHY, UNHEALTHY),
                new Change("c1", UNHEALTHY, HEALTHY)));
        assertThat(server.lastPath()).isEqualTo("/healthz");
    }

    @Test
    void a_tcp_replica_is_healthy_while_its_port_accepts_connections() {
        monitor.watch("c1", spec(new HealthSpec.Check.Tcp(), 1, Duration.ZERO), server.address(), STARTED);

        await().atMost(Duration.ofSeconds(5)).until(() -> monitor.health("c1") == HEALTHY);
        server.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> monitor.health("c1") == UNHEALTHY);
    }

    @Test
    void a_replica_without_a_probe_is_healthy_as_soon_as_it_is_watched() {
        monitor.watch("c1", null, null, STARTED);

        assertThat(monitor.health("c1")).isEqualTo(HEALTHY);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(changes).containsExactly(new Change("c1", STARTING, HEALTHY)));
    }

    @Test
    void a_container_that_is_not_watched_reads_starting() {
        assertThat(monitor.health("nobody")).isEqualTo(STARTING);
    }

    @Test
    void command_probes_run_in_the_container_through_the_runtime() {
        String id = runningContainer();
        monitor.watch(id, spec(new HealthSpec.Check.Command(List.of("check")), 1, Duration.ZERO), null, STARTED);

        await().atMost(Duration.ofSeconds(5)).until(() -> monitor.health(id) == HEALTHY);
        runtime.onExec(id, argv -> new ExecResult(1, "not ready"));
        await().atMost(Duration.ofSeconds(5)).until(() -> monitor.health(id) == UNHEALTHY);

        assertThat(runtime.execs(id)).allMatch(List.of("check")::equals);
    }

    @Test
    void failures_count_only_once_the_start_grace_has_passed_on_the_clock() {
        String id = runningContainer();
        runtime.onExec(id, argv -> new ExecResult(1, ""));
        monitor.watch(id, spec(new HealthSpec.Check.Command(List.of("check")), 2, Duration.ofSeconds(30)), null,
                STARTED);

        await().atMost(Duration.ofSeconds(5)).until(() -> runtime.execs(id).size() >= 5);
        assertThat(monitor.health(id)).isEqualTo(STARTING);

        now.set(STARTED.plusSeconds(30));
        await().atMost(Duration.ofSeconds(5)).until(() -> monitor.health(id) == UNHEALTHY);
    }

    @Test
    void marking_a_replica_stopping_ends_its_probes() {
        monitor.watch("c1", spec(new HealthSpec.Check.Http("/"), 1, Duration.ZERO), server.address(), STARTED);
        await().atMost(Duration.ofSeconds(5)).until(() -> monitor.health("c1") == HEALTHY);

        monitor.markStopping("c1");
        int requestsWhenStopped = server.requests();
        server.answer(500);
        awaitProbesOfAWitness(monitor, WITNESS_PROBES);

        assertThat(monitor.health("c1")).isEqualTo(STOPPING);
        // One probe may have been under way when it was marked.
        assertThat(server.requests()).isLessThanOrEqualTo(requestsWhenStopped + 1);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(changes)
                .filteredOn(change -> change.containerId().equals("c1")).containsExactly(
                        new Change("c1", STARTING, HEALTHY), new Change("c1", HEALTHY, STOPPING)));
    }

    @Test
    void a_replica_watched_again_for_a_new_start_starts_over_whatever_its_verdict_was() {
        // Moor marked it stopping, its removal failed, the engine started it again: it is watched again.
        monitor.watch("c1", spec(new HealthSpec.Check.Http("/"), 1, Duration.ZERO), server.address(), STARTED);
        await().atMost(Duration.ofSeconds(5)).until(() -> monitor.health("c1") == HEALTHY);
        monitor.markStopping("c1");
        server.answer(500);

        monitor.watch("c1", spec(new HealthSpec.Check.Http("/"), 1, Duration.ofMinutes(1)), server.address(),
                STARTED.plusSeconds(60));
        assertThat(monitor.health("c1")).isEqualTo(STARTING);
        // Its failures fall in the start grace of the new start: still STARTING, probed, not UNHEALTHY.
        int requestsWhenWatchedAgain = server.requests();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.requests() > requestsWhenWatchedAgain + 2);
        assertThat(monitor.health("c1")).isEqualTo(STARTING);
        server.answer(200);

        await().atMost(Duration.ofSeconds(5)).until(() -> monitor.health("c1") == HEALTHY);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(changes).containsExactly(
                new Change("c1", STARTING, HEALTHY), new Change("c1", HEALTHY, STOPPING),
                new Change("c1", STOPPING, STARTING), new Change("c1", STARTING, HEALTHY)));
    }

    @Test
    void a_container_marked_stopping_without_a_watch_reads_stopping() {
        monitor.markStopping("c9");

        assertThat(monitor.health("c9")).isEqualTo(STOPPING);
    }

    @Test
    void unwatching_ends_the_probes_and_forgets_the_verdict() {
        monitor.watch("c1", spec(new HealthSpec.Check.Http("/"), 1, Duration.ZERO), server.address(), STARTED);
        await().atMost(Duration.ofSeconds(5)).until(() -> monitor.health("c1") == HEALTHY);

        monitor.unwatch("c1");
        int requestsWhenUnwatched = server.requests();
        awaitProbesOfAWitness(monitor, WITNESS_PROBES);

        assertThat(monitor.health("c1")).isEqualTo(STARTING);
        assertThat(server.requests()).isLessThanOrEqualTo(requestsWhenUnwatched + 1);
    }

    @Test
    void a_slow_replica_is_never_probed_twice_at_once() {
        // Answers take several intervals: a probe per interval would overlap.
        server.delayAnswers(INTERVAL.multipliedBy(5));
        monitor.watch("c1", spec(new HealthSpec.Check.Http("/"), 1, Duration.ZERO), server.address(), STARTED);

        await().atMost(Duration.ofSeconds(10)).until(() -> server.requests() >= 3);

        assertThat(server.mostInFlight()).isEqualTo(1);
    }

    @Test
    void the_listener_may_call_back_into_the_monitor() {
        monitor.close();
        monitor = new HealthMonitor(runtime, clock, (id, previous, current) -> {
            changes.add(new Change(id, previous, current));
            if (current == UNHEALTHY) monitor.markStopping(id);
        });
        server.answer(503);

        monitor.watch("c1", spec(new HealthSpec.Check.Http("/"), 1, Duration.ZERO), server.address(), STARTED);

        await().atMost(Duration.ofSeconds(5)).until(() -> monitor.health("c1") == STOPPING);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(changes).containsExactly(
                new Change("c1", STARTING, UNHEALTHY), new Change("c1", UNHEALTHY, STOPPING)));
    }

    @Test
    void closing_ends_every_probe() {
        monitor.watch("c1", spec(new HealthSpec.Check.Http("/"), 1, Duration.ZERO), server.address(), STARTED);
        await().atMost(Duration.ofSeconds(5)).until(() -> monitor.health("c1") == HEALTHY);

        monitor.close();
        int requestsWhenClosed = server.requests();
        // The closed monitor has no timer left to prove anything with: another one, probing as often, does.
        try (HealthMonitor witnessMonitor = new HealthMonitor(runtime, clock, (id, previous, current) -> { })) {
            awaitProbesOfAWitness(witnessMonitor, WITNESS_PROBES);
        }

        assertThat(server.requests()).isLessThanOrEqualTo(requestsWhenClosed + 1);
        assertThatThrownBy(() -> monitor.watch("c2", null, null, STARTED)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void an_http_or_tcp_probe_needs_a_published_port() {
        assertThatThrownBy(() -> monitor.watch("c1", spec(new HealthSpec.Check.Tcp(), 1, Duration.ZERO), null,
                STARTED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("health: tcp probe of container c1 needs a published port"
                        + " (expected: a service with a port, or a command probe)");
        assertThat(monitor.health("c1")).isEqualTo(STARTING);
    }

    @Test
    void rejects_an_interval_that_is_not_positive() {
        HealthSpec zeroInterval = new HealthSpec(new HealthSpec.Check.Tcp(), Duration.ZERO, Duration.ofSeconds(1), 1,
                1, Duration.ZERO);

        assertThatThrownBy(() -> monitor.watch("c1", zeroInterval, server.address(), STARTED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("interval: 0ms (expected: > 0)");
    }

    /**
     * Watches a witness replica every {@link #INTERVAL} with {@code by} until it was probed {@code probes} times,
     * then unwatches it: proof that that many probe intervals passed with the monitor's timer and probes running,
     * so a replica whose probing was not ended would have been probed meanwhile too.
     */
    private static void awaitProbesOfAWitness(HealthMonitor by, int probes) {
        try (LoopbackHttpServer witness = new LoopbackHttpServer()) {
            by.watch("witness", spec(new HealthSpec.Check.Http("/"), 1, Duration.ZERO), witness.address(), STARTED);
            await().atMost(Duration.ofSeconds(5)).until(() -> witness.requests() >= probes);
            by.unwatch("witness");
        }
    }
}

package dev.moor.engine.controller;

import dev.moor.engine.image.PreparedImage;
import dev.moor.engine.reconciler.ReplicaHealth;
import dev.moor.engine.replica.Labels;
import dev.moor.engine.revision.Revision;
import dev.moor.engine.runtime.ContainerInfo;
import dev.moor.engine.runtime.ContainerState;
import dev.moor.engine.runtime.FakeContainerRuntime;
import dev.moor.engine.store.Store;
import dev.moor.engine.store.StoredEvent;
import dev.moor.spec.AppSpec;
import dev.moor.spec.EdgeSpec;
import dev.moor.spec.HealthSpec;
import dev.moor.spec.ResourcesSpec;
import dev.moor.spec.ServiceSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The container engine goes away and comes back (dockerd restarted, with or without live-restore, or unreachable
 * for a while): whatever Moor tried meanwhile, once the engine answers again the app converges by itself to one
 * healthy replica per slot, nothing left over, nothing stuck STOPPING.
 */
class EngineRestartTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Every call that changes what runs; reads (list, inspect, exec) still answer. */
    private static final Set<String> WRITES = Set.of("createContainer", "copyFiles", "startContainer",
            "stopContainer", "removeContainer");

    @TempDir
    Path dir;

    private FakeContainerRuntime runtime;
    private Store store;
    private AppController controller;
    private final List<StoredEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() {
        runtime = new FakeContainerRuntime();
        runtime.addImage("web:1");
        store = Store.open(dir.resolve("moor.db"), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        if (controller != null) {
            controller.close();
        }
        store.close();
        runtime.close();
    }

    /** Three replicas probed with a command (run through the engine): STARTING until probed, then HEALTHY. */
    private AppController startThreeProbedReplicas() {
        return startThreeProbedReplicas(1);
    }

    private AppController startThreeProbedReplicas(int healthyThreshold) {
        HealthSpec probe = new HealthSpec(new HealthSpec.Check.Command(List.of("true")), Duration.ofMillis(100),
                Duration.ofSeconds(1), healthyThreshold, 3, Duration.ZERO);
        ServiceSpec web = new ServiceSpec("web", Optional.of("web:1"), Optional.empty(), 3, Optional.empty(),
                "127.0.0.1", List.of(), Map.of(), List.of(), List.of(), ResourcesSpec.defaults(), List.of(),
                Optional.of(probe), Duration.ofSeconds(1));
        AppSpec spec = new AppSpec(dir.resolve("echo.yaml"), "echo", Map.of("web", web), Map.of(), List.of(),
                EdgeSpec.none());
        store.registerApp("echo", spec.source());
        Revision revision = store.accept("echo", spec.source(), "text", Map.of(),
                Map.of("web", new PreparedImage("web:1", runtime.imageId("web:1").orElseThrow())), "test", List.of());
        store.setCurrentRevision("echo", revision.number());
        controller = AppController.builder()
                .runtime(runtime).store(store).clock(Clock.systemUTC())
                .ownerId(store.installationId())
                .revision(revision, spec)
                .resyncInterval(Duration.ofMillis(200))
                .eventListener(events::add)
                .build();
        controller.start();
        awaitConverged();
        return controller;
    }

    private List<ContainerInfo> containers() {
        return runtime.listContainers(Map.of(Labels.APP, "echo"));
    }

    private List<String> aliveIds() {
        return containers().stream().filter(c -> c.state().isAlive()).map(ContainerInfo::id).sorted().toList();
    }

    /** Exactly three containers, all running, one per slot, all HEALTHY in Moor's status; none STOPPING. */
    private void awaitConverged() {
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(containers()).as("the app's containers").hasSize(3)
                    .allSatisfy(c -> assertThat(c.state()).isEqualTo(ContainerState.RUNNING))
                    .extracting(c -> c.labels().get(Labels.REPLICA)).containsExactlyInAnyOrder("0", "1", "2");
            AppStatus status = controller.status();
            assertThat(status.replicas()).as("the replicas Moor reports").hasSize(3)
                    .allSatisfy(r -> assertThat(r.health()).isEqualTo(ReplicaHealth.HEALTHY));
            assertThat(status.services().getFirst().healthy()).isEqualTo(3);
        });
    }

    private void awaitSubscribedAgain() {
        await().atMost(TIMEOUT).untilAsserted(() ->
                assertThat(runtime.eventSubscribers()).as("Moor listens to the engine's events again").isEqualTo(1));
    }

    private long count(String kind) {
        return events.stream().filter(e -> e.kind().equals(kind)).count();
    }

    @Test
    void replicasWhoseRemovalFailedAndThatTheEngineStartedAgainAreDecidedAgain() {
        startThreeProbedReplicas();
        List<String> before = aliveIds();

        // The engine stops the replicas (exit 143) while it refuses every change: Moor's removals and starts fail.
        runtime.failCalls(WRITES::contains);
        before.forEach(id -> runtime.crash(id, FakeContainerRuntime.STOPPED_EXIT_CODE));
        await().atMost(TIMEOUT).until(() -> count("replica.failed") >= 3 && count("replica.start-failed") >= 3);
        // Then it answers nothing, comes back, and its restart policy starts the same containers again.
        runtime.unreachable();
        await().atMost(TIMEOUT).until(() -> count("engine.unreachable") + count("reconcile.failed") >= 1);
        before.forEach(runtime::restartByPolicy);
        runtime.reachable();

        awaitConverged();
        assertThat(aliveIds()).as("the containers the engine restarted fill their slots again").isEqualTo(before);
        awaitSubscribedAgain();
    }

    @Test
    void anEngineRestartWithoutLiveRestoreConverges() {
        startThreeProbedReplicas();

        runtime.stopEngine(false);
        await().atMost(TIMEOUT).until(() -> count("engine.unreachable") + count("reconcile.failed") >= 1);
        runtime.startEngine();

        awaitConverged();
        awaitSubscribedAgain();
    }

    @Test
    void anEngineRestartWithLiveRestoreCostsNoReplica() {
        // Three passed probes (300 ms) to be healthy again: a pass sees the verdicts of the outage first.
        startThreeProbedReplicas(3);
        List<String> before = aliveIds();

        runtime.stopEngine(true);
        // The command probes run through the engine: they fail while it is away, and long enough to pass the threshold.
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(controller.status().replicas())
                .allSatisfy(r -> assertThat(r.health()).isEqualTo(ReplicaHealth.UNHEALTHY)));
        runtime.startEngine();

        awaitConverged();
        assertThat(aliveIds()).as("the replicas that ran on through the restart").isEqualTo(before);
        assertThat(runtime.creates()).isEqualTo(3);
        assertThat(runtime.removes()).isZero();
    }

    @Test
    void aPassWhileTheEngineIsUnreachableFailsCleanlyAndTheNextOneRetries() {
        startThreeProbedReplicas();
        String victim = aliveIds().getFirst();

        runtime.unreachable();
        await().atMost(TIMEOUT).until(() -> count("engine.unreachable") == 1);
        // The replica dies while nobody can hear it; passes keep failing, told once.
        runtime.kill(victim);
        await().pollDelay(Duration.ofMillis(600)).atMost(TIMEOUT).until(() -> true);
        assertThat(count("engine.unreachable")).isEqualTo(1);
        assertThat(count("reconcile.failed")).isZero();
        runtime.reachable();

        await().atMost(TIMEOUT).until(() -> count("engine.reachable") == 1);
        awaitConverged();
        assertThat(aliveIds()).doesNotContain(victim);
        awaitSubscribedAgain();
    }

    @Test
    void startFailuresAroundAnOutageDoNotHoldBackTheRefillAfterIt() {
        startThreeProbedReplicas();
        String victim = aliveIds().getFirst();

        // The replica dies and every start of its replacement fails: the slot backs off 1 s, 2 s, 4 s...
        runtime.failCalls(WRITES::contains);
        runtime.kill(victim);
        await().atMost(TIMEOUT).until(() -> count("replica.start-failed") >= 4);
        // ...because the engine was going away. Once it is back, the slot is refilled at once.
        runtime.unreachable();
        await().atMost(TIMEOUT).until(() -> count("engine.unreachable") + count("reconcile.failed") >= 1);
        runtime.reachable();

        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(aliveIds()).hasSize(3));
        awaitConverged();
    }
}

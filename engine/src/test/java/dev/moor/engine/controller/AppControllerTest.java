package dev.moor.engine.controller;

import dev.moor.engine.reconciler.ReplicaHealth;
import dev.moor.engine.deploy.CanaryStep;
import dev.moor.engine.deploy.Deployment;
import dev.moor.engine.deploy.WindowFigures;
import dev.moor.engine.image.PreparedImage;
import dev.moor.engine.replica.Labels;
import dev.moor.engine.revision.Revision;
import dev.moor.engine.runtime.ContainerInfo;
import dev.moor.engine.runtime.ContainerRequest;
import dev.moor.engine.runtime.FakeContainerRuntime;
import dev.moor.engine.store.Store;
import dev.moor.engine.store.StoredEvent;
import dev.moor.spec.AppSpec;
import dev.moor.spec.CanarySpec;
import dev.moor.spec.DeploySpec;
import dev.moor.spec.EdgeSpec;
import dev.moor.spec.HealthSpec;
import dev.moor.spec.ResourcesSpec;
import dev.moor.spec.SecretSpec;
import dev.moor.spec.ServiceSpec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class AppControllerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private FakeContainerRuntime runtime;
    private Store store;
    private final List<AppController> controllers = new ArrayList<>();
    private final List<AppStatus> statuses = new CopyOnWriteArrayList<>();
    private final List<StoredEvent> events = new CopyOnWriteArrayList<>();
    /** What the edge would report, per cluster: the same figures for any window. */
    private final Map<String, WindowFigures> traffic = new ConcurrentHashMap<>();

    @BeforeEach
    void open() {
        runtime = new FakeContainerRuntime();
        runtime.addImage("web:1");
        runtime.addImage("web:2");
        store = Store.open(dir.resolve("moor.db"), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        controllers.forEach(AppController::close);
        store.close();
        runtime.close();
    }

    private static ServiceSpec web(int replicas, Map<String, String> env, List<SecretSpec> secrets) {
        return new ServiceSpec("web", Optional.of("web:1"), Optional.empty(), replicas, Optional.empty(), "127.0.0.1",
                List.of(), env, secrets, List.of(), ResourcesSpec.defaults(), List.of(), Optional.empty(), Duration.ofSeconds(1));
    }

    /** A service whose replicas are probed with a command (the fake answers exit 0): STARTING until probed. */
    private static ServiceSpec probedWeb(int replicas, Map<String, String> env) {
        return probedWeb(replicas, env, "true");
    }

    /** Probed with {@code command}: the fake fails {@code false} and passes anything else. */
    private static ServiceSpec probedWeb(int replicas, Map<String, String> env, String command) {
        HealthSpec probe = new HealthSpec(new HealthSpec.Check.Command(List.of(command)), Duration.ofMillis(200),
                Duration.ofSeconds(1), 1, 3, Duration.ofSeconds(5));
        return new ServiceSpec("web", Optional.of("web:1"), Optional.empty(), replicas, Optional.empty(), "127.0.0.1",
                List.of(), env, List.of(), List.of(), ResourcesSpec.defaults(), List.of(), Optional.of(probe), Duration.ofSeconds(1));
    }

    private AppSpec spec(String app, ServiceSpec... services) {
        Map<String, ServiceSpec> byName = new LinkedHashMap<>();
        for (ServiceSpec service : services) {
            byName.put(service.name(), service);
        }
        return new AppSpec(dir.resolve(app + ".yaml"), app, byName, Map.of(), List.of(), EdgeSpec.none());
    }

    private Map<String, PreparedImage> pinned(Map<String, String> images) {
        Map<String, PreparedImage> pinned = new LinkedHashMap<>();
        images.forEach((service, reference) ->
                pinned.put(service, new PreparedImage(reference, runtime.imageId(reference).orElseThrow())));
        return pinned;
    }

    private Revision accept(AppSpec spec, String text, Map<String, String> images) {
        store.registerApp(spec.name(), spec.source());
        return store.accept(spec.name(), spec.source(), text, Map.of(), pinned(images), "test", List.of());
    }

    private AppController start(AppSpec spec, String text, Map<String, String> images) {
        Revision revision = accept(spec, text, images);
        store.setCurrentRevision(spec.name(), revision.number());
        AppController controller = AppController.builder()
                .runtime(runtime).store(store).clock(Clock.systemUTC())
                .ownerId(store.installationId())
                .revision(revision, spec)
                .resyncInterval(Duration.ofMillis(200))
                .eventListener(events::add)
                .statusListener(statuses::add)
                .traffic((cluster, from) -> traffic.getOrDefault(cluster, WindowFigures.NONE))
                .build();
        controllers.add(controller);
        controller.start();
        return controller;
    }

    private AppController start(AppSpec spec) {
        return start(spec, "text of " + spec, Map.of("web", "web:1"));
    }

    private List<ContainerInfo> alive(String app) {
        return runtime.listContainers(Map.of(Labels.APP, app)).stream().filter(c -> c.state().isAlive()).toList();
    }

    private static void awaitHealthy(AppController controller, int replicas) {
        await().atMost(TIMEOUT).untilAsserted(() -> {
            AppStatus status = controller.status();
            assertThat(status.services().getFirst().healthy()).isEqualTo(replicas);
            assertThat(status.replicas()).hasSize(replicas);
        });
    }

    @Test
    void startsTheDeclaredReplicasOnTheAppsOwnNetwork() {
        AppController controller = start(spec("echo", web(3, Map.of(), List.of())));
        awaitHealthy(controller, 3);
        assertThat(runtime.networks()).contains("moor-echo");
        assertThat(alive("echo")).extracting(c -> c.labels().get(Labels.REPLICA)).containsExactlyInAnyOrder("0", "1", "2");
        assertThat(controller.status().replicas()).allSatisfy(r -> {
            assertThat(r.health()).isEqualTo(ReplicaHealth.HEALTHY);
            assertThat(r.current()).isTrue();
            assertThat(r.revision()).isEqualTo(1);
        });
        assertThat(runtime.creates()).isEqualTo(3);
    }

    @Test
    void aKilledReplicaIsReplacedInItsSlot() {
        AppController controller = start(spec("echo", web(3, Map.of(), List.of())));
        awaitHealthy(controller, 3);
        ContainerInfo victim = alive("echo").stream().filter(c -> c.labels().get(Labels.REPLICA).equals("1")).findFirst().orElseThrow();

        runtime.kill(victim.id());

        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(alive("echo")).hasSize(3).noneMatch(c -> c.id().equals(victim.id()));
            assertThat(runtime.inspectContainer(victim.id())).isEmpty();
        });
        awaitHealthy(controller, 3);
        assertThat(runtime.creates()).isEqualTo(4);
        assertThat(events).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo("replica.failed");
            assertThat(e.replica()).isEqualTo(1);
        });
        assertThat(events).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo("replica.started");
            assertThat(e.replica()).isEqualTo(1);
            assertThat(e.message()).contains("replaces the replica that stopped");
        });
    }

    @Test
    void aReplicaThatStaysUnhealthyPastItsThresholdIsReplaced() {
        AppController controller = start(spec("echo", probedWeb(2, Map.of())));
        awaitHealthy(controller, 2);
        String sick = alive("echo").getFirst().id();
        runtime.onExec(sick, argv -> new dev.moor.engine.runtime.ExecResult(1, "not ready"));

        await().atMost(TIMEOUT).untilAsserted(() ->
                assertThat(events).anySatisfy(e -> assertThat(e.kind()).isEqualTo("replica.unhealthy")));
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(runtime.inspectContainer(sick)).isEmpty();
            assertThat(alive("echo")).hasSize(2);
        });
        awaitHealthy(controller, 2);
        assertThat(events).anySatisfy(e -> assertThat(e.message()).contains("it failed its health checks"));
    }

    @Test
    void theStatusListenerSeesAKilledReplicaLeaveAndItsReplacementJoin() {
        List<AppStatus> statuses = new CopyOnWriteArrayList<>();
        AppSpec spec = spec("echo", web(2, Map.of(), List.of()));
        Revision revision = accept(spec, "text", Map.of("web", "web:1"));
        AppController controller = AppController.builder().runtime(runtime).store(store).ownerId(store.installationId())
                .revision(revision, spec).resyncInterval(Duration.ofMillis(200))
                .statusListener(statuses::add).build();
        controllers.add(controller);
        controller.start();
        awaitHealthy(controller, 2);
        String victim = alive("echo").getFirst().id();
        String victimName = alive("echo").getFirst().name();

        runtime.kill(victim);

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(statuses.getLast().services().getFirst().healthy()).isEqualTo(2));
        int lastWithVictimHealthy = -1;
        int firstWithoutVictim = -1;
        for (int i = 0; i < statuses.size(); i++) {
            boolean victimHealthy = statuses.get(i).replicas().stream()
                    .anyMatch(r -> r.name().equals(victimName) && r.health() == ReplicaHealth.HEALTHY);
            if (victimHealthy) {
                lastWithVictimHealthy = i;
            } else if (lastWithVictimHealthy >= 0 && firstWithoutVictim < 0) {
                firstWithoutVictim = i;
            }
        }
        assertThat(firstWithoutVictim).as("a status without the dead replica in rotation was published").isGreaterThan(lastWithVictimHealthy);
    }

    @Test
    void externalServersAreProbedAndReported() throws Exception {
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        server.accept().close();
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            });
            HealthSpec tcp = new HealthSpec(new HealthSpec.Check.Tcp(), Duration.ofMillis(100), Duration.ofMillis(500), 1, 1, Duration.ZERO);
            dev.moor.spec.ExternalServiceSpec legacy = new dev.moor.spec.ExternalServiceSpec("legacy", List.of(
                    new dev.moor.spec.ExternalServiceSpec.HostPort("127.0.0.1", server.getLocalPort()),
                    new dev.moor.spec.ExternalServiceSpec.HostPort("127.0.0.1", 1)), Optional.of(tcp));
            AppSpec spec = new AppSpec(dir.resolve("echo.yaml"), "echo", Map.of("web", web(1, Map.of(), List.of())),
                    Map.of("legacy", legacy), List.of(), EdgeSpec.none());
            AppController controller = start(spec);
            await().atMost(TIMEOUT).untilAsserted(() -> {
                AppStatus status = controller.status();
                assertThat(status.healthyEndpoints("legacy")).singleElement().satisfies(endpoint ->
                        assertThat(endpoint.address().getPort()).isEqualTo(server.getLocalPort()));
                assertThat(status.externals()).anySatisfy(e -> {
                    assertThat(e.endpoint()).isEqualTo("127.0.0.1:1");
                    assertThat(e.health()).isEqualTo(ReplicaHealth.UNHEALTHY);
                });
                assertThat(status.services()).anySatisfy(s -> {
                    assertThat(s.name()).isEqualTo("legacy");
                    assertThat(s.desired()).isEqualTo(2);
                    assertThat(s.healthy()).isEqualTo(1);
                });
            });
        }
    }

    @Test
    void aRemovedReplicaIsRepaired() {
        AppController controller = start(spec("echo", web(2, Map.of(), List.of())));
        awaitHealthy(controller, 2);
        runtime.removeContainer(alive("echo").getFirst().id());
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(alive("echo")).hasSize(2));
        assertThat(runtime.creates()).isEqualTo(3);
    }

    @Test
    void aRestartedControllerAdoptsWhatRunsWithoutStartingOrStoppingAnything() {
        AppSpec spec = spec("echo", web(3, Map.of(), List.of()));
        AppController first = start(spec);
        awaitHealthy(first, 3);
        List<String> before = alive("echo").stream().map(ContainerInfo::id).sorted().toList();
        first.close();
        controllers.remove(first);

        AppController second = start(spec);
        awaitHealthy(second, 3);
        assertThat(alive("echo").stream().map(ContainerInfo::id).sorted().toList()).isEqualTo(before);
        assertThat(runtime.creates()).isEqualTo(3);
        assertThat(runtime.stops()).isZero();
        assertThat(runtime.removes()).isZero();
    }

    @Test
    void scalingMakesARevisionAndChangesOnlyTheCount() {
        AppController controller = start(spec("echo", web(2, Map.of(), List.of())));
        awaitHealthy(controller, 2);
        List<String> original = alive("echo").stream().map(ContainerInfo::id).toList();

        Revision up = controller.scale("web", 4, "test");
        assertThat(up.number()).isEqualTo(2);
        assertThat(up.scale()).containsEntry("web", 4);
        assertThat(up.author()).isEqualTo("test");
        assertThat(up.changes()).containsExactly("web: replicas: 2 -> 4");
        awaitHealthy(controller, 4);
        assertThat(alive("echo")).extracting(ContainerInfo::id).containsAll(original);

        controller.scale("web", 1, "test");
        awaitHealthy(controller, 1);
        assertThat(alive("echo").getFirst().labels().get(Labels.REPLICA)).isEqualTo("0");
        assertThat(store.latestRevision("echo").orElseThrow().number()).isEqualTo(3);

        assertThatThrownBy(() -> controller.scale("nope", 1, "test")).hasMessageContaining("no service nope in app echo");
        assertThatThrownBy(() -> controller.scale("web", -1, "test")).hasMessage("replicas: -1 (expected: >= 0)");
    }

    @Test
    void aChangedServiceIsReplacedOneReplicaAtATimeWithinTheSurge() {
        AppSpec v1 = spec("echo", probedWeb(3, Map.of("VERSION", "1")));
        AppController first = start(v1, "v1", Map.of("web", "web:1"));
        awaitHealthy(first, 3);
        first.close();
        controllers.remove(first);

        AtomicInteger mostAlive = new AtomicInteger();
        AtomicInteger fewestAlive = new AtomicInteger(Integer.MAX_VALUE);
        Thread watcher = Thread.ofVirtual().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                int alive = alive("echo").size();
                mostAlive.accumulateAndGet(alive, Math::max);
                fewestAlive.accumulateAndGet(alive, Math::min);
            }
        });
        AppSpec v2 = spec("echo", probedWeb(3, Map.of("VERSION", "2")));
        AppController second = start(v2, "v2", Map.of("web", "web:2"));
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(second.status().replicas()).hasSize(3).allSatisfy(r -> {
                assertThat(r.current()).isTrue();
                assertThat(r.health()).isEqualTo(ReplicaHealth.HEALTHY);
            });
        });
        watcher.interrupt();
        assertThat(mostAlive.get()).isLessThanOrEqualTo(4);
        // The adopted replicas read STARTING until probed: they must serve on until their replacements are healthy.
        assertThat(fewestAlive.get()).isGreaterThanOrEqualTo(3);
        String web2 = runtime.imageId("web:2").orElseThrow();
        assertThat(alive("echo")).allSatisfy(c -> {
            assertThat(c.image()).isEqualTo(web2);
            assertThat(c.labels().get(Labels.REVISION)).isEqualTo("2");
        });
    }

    @Test
    void secretsAreWrittenAsFilesBeforeTheReplicaStartsAndNeverAsEnv() throws Exception {
        Path secret = Files.writeString(dir.resolve("db.txt"), "hunter2");
        AppController controller = start(spec("echo", web(1, Map.of("MODE", "prod"),
                List.of(new SecretSpec("db_password", Optional.of(secret), Optional.empty())))));
        awaitHealthy(controller, 1);
        String id = alive("echo").getFirst().id();
        assertThat(runtime.copiedFiles(id)).singleElement().satisfies(file -> {
            assertThat(file.path()).isEqualTo("/run/secrets/db_password");
            assertThat(new String(file.content(), StandardCharsets.UTF_8)).isEqualTo("hunter2");
        });
        ContainerRequest request = runtime.request(id);
        assertThat(request.env()).containsOnlyKeys("MODE");
        assertThat(events).noneMatch(e -> e.message().contains("hunter2"));
    }

    @Test
    void containersOfAnAppNoSpecOwnsAreRemovedAfterTheGraceButOwnedOnesStay() {
        String owner = store.installationId();
        Map<String, String> orphanLabels = new HashMap<>(Map.of(Labels.OWNER, owner, Labels.APP, "renamed",
                Labels.SERVICE, "web", Labels.REPLICA, "0", Labels.CONFIG, "x"));
        String orphan = runtime.createContainer(new ContainerRequest("renamed-web-0-aaaaaa", "web:1", List.of(), Map.of(),
                orphanLabels, "moor-renamed", List.of(), Optional.empty(), "127.0.0.1", Optional.empty(), 1 << 26, 64,
                List.of(), List.of(), Duration.ofSeconds(1)));
        runtime.startContainer(orphan);
        Map<String, String> foreignLabels = new HashMap<>(orphanLabels);
        foreignLabels.put(Labels.OWNER, "another-installation");
        String foreign = runtime.createContainer(new ContainerRequest("renamed-web-0-bbbbbb", "web:1", List.of(), Map.of(),
                foreignLabels, "moor-renamed", List.of(), Optional.empty(), "127.0.0.1", Optional.empty(), 1 << 26, 64,
                List.of(), List.of(), Duration.ofSeconds(1)));
        runtime.startContainer(foreign);

        AppController controller = start(spec("echo", web(1, Map.of(), List.of())));
        awaitHealthy(controller, 1);
        OrphanCollector orphans = new OrphanCollector(runtime, store, owner, Duration.ofMillis(300), Clock.systemUTC());
        await().atMost(TIMEOUT).untilAsserted(() -> {
            orphans.collect();
            assertThat(runtime.inspectContainer(orphan)).isEmpty();
        });
        assertThat(runtime.inspectContainer(foreign)).isPresent();
        assertThat(alive("echo")).hasSize(1);
        assertThat(store.lastEvents("renamed", 10)).anySatisfy(e -> assertThat(e.kind()).isEqualTo("orphan.removed"));
    }

    @Test
    void unownedAppsAreThoseNotRegistered() {
        assertThat(OrphanCollector.unownedApps(java.util.Set.of("kept", "deleted", "unknown"), java.util.Set.of("kept", "other")))
                .containsExactly("deleted", "unknown");
    }

    @Test
    void aDeploySucceedsOnceEveryNewReplicaIsHealthyAndTheOldAreGone() {
        AppController controller = start(spec("echo", probedWeb(2, Map.of("VERSION", "1"))), "v1",
                Map.of("web", "web:1"));
        awaitHealthy(controller, 2);
        AppSpec v2 = spec("echo", probedWeb(2, Map.of("VERSION", "2")));
        Revision next = accept(v2, "v2", Map.of("web", "web:2"));

        Deployment deployment = controller.deploy(next, v2).orElseThrow();

        assertThat(deployment.fromRevision()).isEqualTo(1);
        assertThat(deployment.toRevision()).isEqualTo(2);
        await().atMost(TIMEOUT).until(() -> controller.activeDeploy().isEmpty());
        assertThat(store.deploys("echo").getFirst().state()).isEqualTo(Deployment.State.SUCCEEDED);
        assertThat(store.currentRevision("echo")).isEqualTo(2);
        assertThat(alive("echo")).hasSize(2).allSatisfy(c -> assertThat(c.labels().get(Labels.REVISION)).isEqualTo("2"));
        assertThat(events).anySatisfy(e -> assertThat(e.kind()).isEqualTo("deploy.succeeded"));
        assertThat(controller.deploy(next, v2)).as("the revision it keeps already").isEmpty();
    }

    private static ServiceSpec blueGreen(int replicas, String version, Duration keepPrevious) {
        ServiceSpec web = probedWeb(replicas, Map.of("VERSION", version));
        return new ServiceSpec(web.name(), web.image(), web.build(), web.replicas(), web.port(), web.publishIp(),
                web.command(), web.env(), web.secrets(), web.volumes(), web.resources(), web.capabilities(), web.health(),
                web.stopGrace(), new DeploySpec(DeploySpec.Strategy.BLUE_GREEN, Duration.ofMinutes(1), 1, 0, keepPrevious));
    }

    /** The replicas of a status that the edge is given, by their container id. */
    private static List<String> served(AppStatus status) {
        return status.replicas().stream().filter(r -> r.served() && r.health() == ReplicaHealth.HEALTHY)
                .map(AppStatus.ReplicaStatus::containerId).toList();
    }

    @Test
    void aBlueGreenDeployServesOneSetAtATimeAndASwitchBackWithinItsKeepTimeStartsNothing() {
        AppController controller = start(spec("echo", blueGreen(2, "1", Duration.ofHours(1))), "v1",
                Map.of("web", "web:1"));
        awaitHealthy(controller, 2);
        Revision first = controller.revision();
        List<String> blue = controller.status().replicas().stream().map(AppStatus.ReplicaStatus::containerId).toList();
        AppSpec v2 = spec("echo", blueGreen(2, "2", Duration.ofHours(1)));
        Revision next = accept(v2, "v2", Map.of("web", "web:2"));
        statuses.clear();

        controller.deploy(next, v2);

        await().atMost(TIMEOUT).until(() -> controller.activeDeploy().isEmpty());
        assertThat(store.deploys("echo").getFirst().state()).isEqualTo(Deployment.State.SUCCEEDED);
        assertThat(statuses).allSatisfy(status -> assertThat(status.replicas().stream()
                .filter(r -> r.served() && r.health() == ReplicaHealth.HEALTHY)
                .map(AppStatus.ReplicaStatus::current).distinct()).as("one set served at a time").hasSizeLessThan(2));
        assertThat(statuses).filteredOn(status -> !served(status).isEmpty())
                .allSatisfy(status -> assertThat(served(status)).hasSize(2));
        AppStatus switched = controller.status();
        List<String> green = switched.replicas().stream().filter(AppStatus.ReplicaStatus::current)
                .map(AppStatus.ReplicaStatus::containerId).toList();
        assertThat(served(switched)).containsExactlyInAnyOrderElementsOf(green).hasSize(2);
        assertThat(alive("echo")).as("the previous set is kept, out of the edge").hasSize(4);
        int creates = runtime.creates();

        Revision back = store.accept("echo", first.sourcePath(), first.sourceText(), first.scale(), first.images(),
                "test", List.of("rollback to revision 1"));
        controller.deploy(back, spec("echo", blueGreen(2, "1", Duration.ofHours(1))));

        await().atMost(TIMEOUT).until(() -> controller.activeDeploy().isEmpty());
        assertThat(store.deploys("echo").getFirst().state()).isEqualTo(Deployment.State.SUCCEEDED);
        assertThat(served(controller.status())).containsExactlyInAnyOrderElementsOf(blue);
        assertThat(runtime.creates()).as("a switch back starts no container").isEqualTo(creates);

        statuses.clear();
        controller.scale("web", 3, "test");
        awaitServed(controller, 3);
        assertThat(statuses).as("scaling serves the current set only, never the kept one")
                .allSatisfy(status -> assertThat(served(status)).doesNotContainAnyElementsOf(green));
    }

    private static void awaitServed(AppController controller, int replicas) {
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(served(controller.status())).hasSize(replicas));
    }

    @Test
    void aBlueGreenServiceStopsItsPreviousSetOnceItsKeepTimeIsOver() {
        AppController controller = start(spec("echo", blueGreen(2, "1", Duration.ZERO)), "v1", Map.of("web", "web:1"));
        awaitHealthy(controller, 2);
        AppSpec v2 = spec("echo", blueGreen(2, "2", Duration.ZERO));

        controller.deploy(accept(v2, "v2", Map.of("web", "web:2")), v2);

        await().atMost(TIMEOUT).until(() -> controller.activeDeploy().isEmpty());
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(alive("echo")).hasSize(2)
                .allSatisfy(c -> assertThat(c.labels().get(Labels.REVISION)).isEqualTo("2")));
    }

    @Test
    void aDeployWhoseNewReplicasKeepFailingGoesBackBeforeItsDeadline() {
        AppController controller = start(spec("echo", probedWeb(2, Map.of("VERSION", "1"))), "v1",
                Map.of("web", "web:1"));
        awaitHealthy(controller, 2);
        List<String> oldReplicas = alive("echo").stream().map(ContainerInfo::id).toList();
        AppSpec v2 = spec("echo", probedWeb(2, Map.of("VERSION", "2")));
        runtime.failCalls(call -> call.equals("startContainer"));

        controller.deploy(accept(v2, "v2", Map.of("web", "web:2")), v2);

        await().atMost(TIMEOUT).untilAsserted(() ->
                assertThat(store.deploys("echo").getFirst().state()).isEqualTo(Deployment.State.FAILED));
        assertThat(store.deploys("echo").getFirst().message())
                .startsWith("revision 2 crash-loops: web replica 0 failed 3 times in a row")
                .contains("back to revision 1");
        assertThat(store.deploys("echo").getFirst().endedAt().orElseThrow())
                .isBefore(store.deploys("echo").getFirst().deadline());
        runtime.failCalls(call -> false);
        assertThat(controller.revision().number()).isEqualTo(1);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(alive("echo")).extracting(ContainerInfo::id)
                .containsExactlyInAnyOrderElementsOf(oldReplicas));
    }

    @Test
    void anAbortedDeployGoesBackAtOnceAndTheOldReplicasNeverStop() {
        AppController controller = start(spec("echo", probedWeb(2, Map.of("VERSION", "1"))), "v1",
                Map.of("web", "web:1"));
        awaitHealthy(controller, 2);
        List<String> oldReplicas = alive("echo").stream().map(ContainerInfo::id).toList();
        AppSpec never = spec("echo", probedWeb(2, Map.of("VERSION", "2"), "false"));
        controller.deploy(accept(never, "v2", Map.of("web", "web:2")), never);

        Deployment aborted = controller.abort("dave (local)");

        assertThat(aborted.toRevision()).isEqualTo(2);
        assertThat(store.deploys("echo").getFirst().state()).isEqualTo(Deployment.State.FAILED);
        assertThat(store.deploys("echo").getFirst().message())
                .isEqualTo("aborted by dave (local) while deploying revision 2; back to revision 1");
        assertThat(controller.revision().number()).isEqualTo(1);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(alive("echo")).extracting(ContainerInfo::id)
                .containsExactlyInAnyOrderElementsOf(oldReplicas));
        assertThatThrownBy(() -> controller.abort("dave (local)")).isInstanceOf(IllegalStateException.class)
                .hasMessage("app echo has no deploy in progress (expected: one that moor apps shows as deploying)");
    }

    @Test
    void aDeployThatNeverBecomesHealthyFailsAtItsDeadlineAndTheOldReplicasNeverStop() {
        AppController controller = start(spec("echo", probedWeb(2, Map.of("VERSION", "1"))), "v1",
                Map.of("web", "web:1"));
        awaitHealthy(controller, 2);
        List<String> oldReplicas = alive("echo").stream().map(ContainerInfo::id).toList();
        ServiceSpec failing = probedWeb(2, Map.of("VERSION", "2"), "false");
        AppSpec broken = spec("echo", new ServiceSpec(failing.name(), failing.image(), failing.build(), failing.replicas(),
                failing.port(), failing.publishIp(), failing.command(), failing.env(), failing.secrets(), failing.volumes(),
                failing.resources(), failing.capabilities(), failing.health(), failing.stopGrace(),
                new DeploySpec(Duration.ofSeconds(2))));
        Revision next = accept(broken, "v2", Map.of("web", "web:2"));

        controller.deploy(next, broken);

        await().atMost(TIMEOUT).untilAsserted(() ->
                assertThat(store.deploys("echo").getFirst().state()).isEqualTo(Deployment.State.FAILED));
        assertThat(store.deploys("echo").getFirst().message()).contains("web 0/2 healthy").contains("back to revision 1");
        assertThat(controller.revision().number()).isEqualTo(1);
        assertThat(store.currentRevision("echo")).isEqualTo(1);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(alive("echo")).extracting(ContainerInfo::id)
                .containsExactlyInAnyOrderElementsOf(oldReplicas));
        assertThat(controller.status().services().getFirst().healthy()).isEqualTo(2);
        assertThat(events).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo("deploy.failed");
            assertThat(e.message()).contains("the app keeps revision 1");
        });
    }

    private static ServiceSpec canary(int replicas, String version, List<CanarySpec.Step> steps) {
        ServiceSpec web = probedWeb(replicas, Map.of("VERSION", version));
        return new ServiceSpec(web.name(), web.image(), web.build(), web.replicas(), web.port(), web.publishIp(),
                web.command(), web.env(), web.secrets(), web.volumes(), web.resources(), web.capabilities(), web.health(),
                web.stopGrace(), new DeploySpec(DeploySpec.Strategy.CANARY, Duration.ofMinutes(1), 1, 0,
                        DeploySpec.DEFAULT_KEEP_PREVIOUS, Optional.of(new CanarySpec(steps, Duration.ofMillis(300), true,
                        CanarySpec.DEFAULT_HEADER, new CanarySpec.AnalysisSpec(0.01, 0.5, Duration.ZERO, 50,
                        Duration.ofSeconds(5), Duration.ZERO)))));
    }

    /** {@code responses} answers, {@code errors} of them 5xx, all within 1 ms, or all within 250 ms when slow. */
    private static WindowFigures figures(long responses, long errors, boolean slow) {
        return new WindowFigures(responses, errors, 0, List.of(1L, 5L, 250L),
                slow ? List.of(0L, 0L, responses) : List.of(responses, responses, responses));
    }

    private static final List<CanarySpec.Step> STEPS = List.of(new CanarySpec.Step.Weight(0),
            new CanarySpec.Step.Weight(25), new CanarySpec.Step.Weight(100));

    @Test
    void aCanaryTakesItsWeightStepByStepOnGoodFiguresThenTheOldSetLeaves() {
        AppController controller = start(spec("echo", canary(2, "1", STEPS)), "v1", Map.of("web", "web:1"));
        awaitHealthy(controller, 2);
        List<String> oldReplicas = alive("echo").stream().map(ContainerInfo::id).toList();
        traffic.put("echo/web", figures(1000, 1, false));
        traffic.put("echo/web@canary", figures(100, 1, false));
        AppSpec v2 = spec("echo", canary(2, "2", STEPS));
        statuses.clear();

        Deployment started = controller.deploy(accept(v2, "v2", Map.of("web", "web:2")), v2).orElseThrow();

        assertThat(started.canaries()).containsOnlyKeys("web");
        await().atMost(TIMEOUT).until(() -> controller.activeDeploy().isEmpty());
        assertThat(store.deploys("echo").getFirst().state()).isEqualTo(Deployment.State.SUCCEEDED);
        assertThat(statuses.stream().map(status -> status.canaries().get("web")).filter(java.util.Objects::nonNull)
                .distinct()).as("the weights it went through, in order").containsExactly(0, 25, 100);
        assertThat(statuses).filteredOn(status -> status.canaries().containsKey("web")).allSatisfy(status ->
                assertThat(status.replicas().stream().filter(r -> r.health() == ReplicaHealth.HEALTHY
                        && r.served()).count()).as("never below the declared capacity").isGreaterThanOrEqualTo(2));
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(alive("echo")).hasSize(2)
                .allSatisfy(c -> assertThat(c.labels().get(Labels.REVISION)).isEqualTo("2"))
                .extracting(ContainerInfo::id).doesNotContainAnyElementsOf(oldReplicas));
        assertThat(events).filteredOn(e -> e.kind().equals("deploy.step")).extracting(StoredEvent::message)
                .anySatisfy(message -> assertThat(message).startsWith("web: step 2 of 3, 25% of its requests to"
                        + " revision 2"));
    }

    @Test
    void aCanaryThatAnswersMoreErrorsThanTheOldSetGoesBackAtOnceAndSaysWhichFigure() {
        AppController controller = start(spec("echo", canary(2, "1", STEPS)), "v1", Map.of("web", "web:1"));
        awaitHealthy(controller, 2);
        List<String> oldReplicas = alive("echo").stream().map(ContainerInfo::id).toList();
        traffic.put("echo/web", figures(1000, 0, false));
        traffic.put("echo/web@canary", figures(200, 10, false));
        AppSpec v2 = spec("echo", canary(2, "2", STEPS));

        controller.deploy(accept(v2, "v2", Map.of("web", "web:2")), v2);

        await().atMost(TIMEOUT).untilAsserted(() ->
                assertThat(store.deploys("echo").getFirst().state()).isEqualTo(Deployment.State.FAILED));
        assertThat(store.deploys("echo").getFirst().message()).isEqualTo("web: the canary of revision 2 at 0% is"
                + " worse than revision 1: error rate 5.00% over 200 requests (10 5xx, 0 failed attempts); the old"
                + " version's 0.00%, max_error_rate 1.00%; back to revision 1");
        assertThat(controller.status().canaries()).isEmpty();
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(alive("echo")).extracting(ContainerInfo::id)
                .containsExactlyInAnyOrderElementsOf(oldReplicas));
    }

    @Test
    void aSlowerCanaryGoesBackOnItsP99() {
        AppController controller = start(spec("echo", canary(1, "1", STEPS)), "v1", Map.of("web", "web:1"));
        awaitHealthy(controller, 1);
        traffic.put("echo/web", figures(1000, 0, false));
        traffic.put("echo/web@canary", figures(200, 0, true));
        AppSpec v2 = spec("echo", canary(1, "2", STEPS));

        controller.deploy(accept(v2, "v2", Map.of("web", "web:2")), v2);

        await().atMost(TIMEOUT).untilAsserted(() ->
                assertThat(store.deploys("echo").getFirst().state()).isEqualTo(Deployment.State.FAILED));
        assertThat(store.deploys("echo").getFirst().message()).contains("p99 latency above 5 ms over 200 requests;"
                + " the old version's at most 1 ms, max_p99_increase 50.00%, min_p99_increase 0 ms (limit 2 ms)");
    }

    @Test
    void aPausedCanaryWaitsForPromoteAndARestartedControllerGoesOnFromItsStep() {
        List<CanarySpec.Step> paused = List.of(new CanarySpec.Step.Weight(10), new CanarySpec.Step.Pause(),
                new CanarySpec.Step.Weight(100));
        AppController controller = start(spec("echo", canary(1, "1", paused)), "v1", Map.of("web", "web:1"));
        awaitHealthy(controller, 1);
        traffic.put("echo/web", figures(1000, 0, false));
        traffic.put("echo/web@canary", figures(100, 0, false));
        AppSpec v2 = spec("echo", canary(1, "2", paused));
        Revision next = accept(v2, "v2", Map.of("web", "web:2"));
        assertThatThrownBy(() -> controller.promote("dave", false)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("app echo has no canary in progress");

        controller.deploy(next, v2);

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(controller.canaries()).singleElement()
                .satisfies(state -> {
                    assertThat(state.step()).isEqualTo(1);
                    assertThat(state.weight()).isEqualTo(10);
                    assertThat(state.note()).startsWith("paused at 10%");
                }));
        assertThat(events).anySatisfy(e -> assertThat(e.kind()).isEqualTo("deploy.paused"));
        CanaryStep pausedAt = store.activeDeploy("echo").orElseThrow().canaries().get("web");
        controller.close();
        AppController restarted = AppController.builder().runtime(runtime).store(store).clock(Clock.systemUTC())
                .ownerId(store.installationId()).revision(next, v2).resyncInterval(Duration.ofMillis(200))
                .eventListener(events::add).traffic((cluster, from) -> traffic.getOrDefault(cluster, WindowFigures.NONE))
                .build();
        controllers.add(restarted);
        restarted.start();
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(restarted.canaries()).singleElement()
                .satisfies(state -> assertThat(state.note()).startsWith("paused at 10%")));
        assertThat(store.activeDeploy("echo").orElseThrow().canaries().get("web")).isEqualTo(pausedAt);

        assertThat(restarted.promote("dave", false)).singleElement()
                .satisfies(state -> assertThat(state.step()).isEqualTo(2));

        await().atMost(TIMEOUT).until(() -> restarted.activeDeploy().isEmpty());
        assertThat(store.deploys("echo").getFirst().state()).isEqualTo(Deployment.State.SUCCEEDED);
        assertThat(events).anySatisfy(e -> assertThat(e.message()).isEqualTo("promoted by dave: web to 100%"));
    }

    private static ServiceSpec judgedBlueGreen(int replicas, String version) {
        ServiceSpec web = canary(replicas, version, List.of(new CanarySpec.Step.Weight(100)));
        return new ServiceSpec(web.name(), web.image(), web.build(), web.replicas(), web.port(), web.publishIp(),
                web.command(), web.env(), web.secrets(), web.volumes(), web.resources(), web.capabilities(), web.health(),
                web.stopGrace(), new DeploySpec(DeploySpec.Strategy.BLUE_GREEN, Duration.ofMinutes(1), 1, 0,
                        Duration.ofHours(1), web.deploy().canary()));
    }

    @Test
    void aJudgedBlueGreenSwitchThatAnswersWorseThanTheOldSetBeforeItSwitchesBackWithoutStartingAnything() {
        AppController controller = start(spec("echo", judgedBlueGreen(2, "1")), "v1", Map.of("web", "web:1"));
        awaitHealthy(controller, 2);
        List<String> blue = alive("echo").stream().map(ContainerInfo::id).toList();
        traffic.put("echo/web", figures(1000, 0, false));
        traffic.put("echo/web@canary", figures(200, 20, false));
        AppSpec v2 = spec("echo", judgedBlueGreen(2, "2"));
        statuses.clear();

        controller.deploy(accept(v2, "v2", Map.of("web", "web:2")), v2);

        await().atMost(TIMEOUT).untilAsserted(() ->
                assertThat(store.deploys("echo").getFirst().state()).isEqualTo(Deployment.State.FAILED));
        assertThat(store.deploys("echo").getFirst().message()).startsWith("web: the canary of revision 2 at 100% is"
                + " worse than revision 1: error rate 10.00%");
        assertThat(statuses.stream().map(status -> status.canaries().get("web")).filter(java.util.Objects::nonNull)
                .distinct()).as("the switch was one step").containsExactly(0, 100);
        assertThat(served(controller.status())).as("the previous set serves again")
                .containsExactlyInAnyOrderElementsOf(alive("echo").stream().filter(c -> blue.contains(c.id()))
                        .map(ContainerInfo::shortId).toList()).hasSize(2);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(alive("echo")).extracting(ContainerInfo::id)
                .containsExactlyInAnyOrderElementsOf(blue));
    }

    @Test
    void aFirstDeployOrAnUnchangedServiceRunsNoCanary() {
        AppController controller = start(spec("echo", canary(1, "1", STEPS)), "v1", Map.of("web", "web:1"));
        awaitHealthy(controller, 1);

        controller.scale("web", 2, "test");

        awaitHealthy(controller, 2);
        assertThat(store.deploys("echo")).allSatisfy(d -> assertThat(d.canaries()).isEmpty());
        assertThat(statuses).allSatisfy(status -> assertThat(status.canaries()).isEmpty());
    }

    @Test
    void theBuilderChecksItsSettings() {
        AppSpec spec = spec("echo", web(1, Map.of(), List.of()));
        Revision imageless = store.accept("echo", spec.source(), "x", Map.of(), Map.of(), "test", List.of());
        assertThatThrownBy(() -> AppController.builder().runtime(runtime).store(store).ownerId("o")
                .revision(imageless, spec).build())
                .hasMessage("revision 1: no image for service web");
        Revision revision = accept(spec, "y", Map.of("web", "web:1"));
        assertThatThrownBy(() -> AppController.builder().runtime(runtime).store(store).ownerId("o")
                .revision(revision, spec).resyncInterval(Duration.ZERO).build())
                .hasMessage("resyncInterval: PT0S (expected: > 0)");
    }
}

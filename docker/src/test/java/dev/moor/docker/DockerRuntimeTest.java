package dev.moor.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.moor.engine.runtime.ContainerEvent;
import dev.moor.engine.runtime.ContainerInfo;
import dev.moor.engine.runtime.ContainerRequest.Mount.Kind;
import dev.moor.engine.runtime.ContainerRuntimeException;
import dev.moor.engine.runtime.ContainerState;
import dev.moor.engine.runtime.ExecResult;
import dev.moor.engine.runtime.FileToCopy;
import dev.moor.engine.runtime.ImageBuild;
import dev.moor.engine.runtime.LogLine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.Closeable;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** {@link DockerRuntime} against the real engine. */
@Tag("docker")
class DockerRuntimeTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private static DockerTestRun run;
    private static DockerRuntime runtime;
    private static String busybox;

    @BeforeAll
    static void connect() throws Exception {
        run = new DockerTestRun();
        runtime = run.runtime;
        busybox = TestImages.busybox(runtime);
    }

    @AfterAll
    static void cleanUp() {
        if (run != null) {
            run.close();
        }
    }

    @Test
    void reportsTheEngineAndTheNegotiatedApiVersion() {
        var info = runtime.info();

        assertThat(info.version()).isNotBlank();
        assertThat(info.endpoint()).isEqualTo("unix:///var/run/docker.sock");
        String engineApi = runtime.client().versionCmd().exec().getApiVersion();
        assertThat(info.apiVersion()).isEqualTo(DockerRuntime.negotiate(engineApi).getVersion());
        assertThat(runtime.imageId(busybox)).hasValueSatisfying(id -> assertThat(id).startsWith("sha256:"));
        assertThat(runtime.imageId("moor-test/never-built:" + run.id)).isEmpty();
    }

    @Test
    void buildsStreamingProgressWithArgsTagsLabelsAndDockerignore(@TempDir Path context) throws Exception {
        Files.writeString(context.resolve("Dockerfile"), """
                FROM %s
                ARG GREETING
                COPY . /ctx
                RUN ["sh", "-c", "echo \\"greeting is $GREETING\\"; ls /ctx"]
                """.formatted(busybox));
        Files.writeString(context.resolve("kept.txt"), "kept");
        Files.writeString(context.resolve("ignored.txt"), "ignored");
        Files.writeString(context.resolve(".dockerignore"), "ignored.txt\n");
        String first = run.imageTag("build-a");
        String second = run.imageTag("build-b");
        List<String> progress = new CopyOnWriteArrayList<>();

        String id = runtime.buildImage(new ImageBuild(context, "Dockerfile", Map.of("GREETING", "ahoy"),
                List.of(first, second), Map.of("moor.test", "true", "moor.test.run", run.id)), progress::add);

        assertThat(id).startsWith("sha256:");
        assertThat(progress).anyMatch(line -> line.startsWith("Step 1/"));
        assertThat(progress).contains("greeting is ahoy", "kept.txt");
        assertThat(progress).doesNotContain("ignored.txt");
        assertThat(progress).noneMatch(line -> line.contains("\n"));
        var image = runtime.client().inspectImageCmd(second).exec();
        assertThat(image.getId()).isEqualTo(id);
        assertThat(image.getConfig().getLabels()).containsEntry("moor.test.run", run.id);
        assertThat(runtime.client().inspectImageCmd(first).exec().getId()).isEqualTo(id);
    }

    @Test
    void aFailedBuildSaysWhichStepFailed(@TempDir Path context) throws Exception {
        Files.writeString(context.resolve("Dockerfile"), """
                FROM %s
                RUN ["sh", "-c", "echo about to fail; exit 7"]
                """.formatted(busybox));
        List<String> progress = new CopyOnWriteArrayList<>();

        assertThatThrownBy(() -> runtime.buildImage(new ImageBuild(context, "Dockerfile", Map.of(),
                List.of(run.imageTag("broken")), Map.of()), progress::add))
                .isInstanceOf(ContainerRuntimeException.class)
                .hasMessageContaining("build of moor-test/broken:" + run.id)
                .hasMessageContaining("echo about to fail; exit 7")
                .hasMessageContaining("returned a non-zero code: 7");
        assertThat(progress).contains("about to fail");
    }

    @Test
    void aPullThatTheRegistryRefusesSaysWhichImageAndWhy() {
        assertThatThrownBy(() -> runtime.pullImage("moor-test/no-such-image:1", line -> {}))
                .isInstanceOf(ContainerRuntimeException.class)
                .hasMessageStartingWith("pull of moor-test/no-such-image:1");
        assertThat(runtime.imageId("moor-test/no-such-image:1")).isEmpty();
    }

    @Test
    void aBuildWithoutItsBaseImageFails(@TempDir Path context) throws Exception {
        Files.writeString(context.resolve("Dockerfile"), "FROM moor-test/no-such-base:" + run.id + "\n");

        assertThatThrownBy(() -> runtime.buildImage(new ImageBuild(context, "Dockerfile", Map.of(),
                List.of(run.imageTag("orphan")), Map.of()), line -> {}))
                .isInstanceOf(ContainerRuntimeException.class)
                .hasMessageContaining("moor-test/no-such-base");
    }

    @Test
    void runsAHardenedContainerReachableOnItsPublishedPort() throws Exception {
        String id = runtime.createContainer(run.container("httpd", busybox, "httpd", "-f", "-p", "8080", "-h", "/www")
                .port(8080).cpus(0.5).memory(48L * 1024 * 1024).pids(32).capability("NET_BIND_SERVICE")
                .stopGrace(Duration.ofSeconds(3)).env("GREETING", "ahoy").request());
        runtime.copyFiles(id, List.of(new FileToCopy("/www/index.html", "hello from httpd\n".getBytes(StandardCharsets.UTF_8), 0644)));
        Instant beforeStart = Instant.now().minusSeconds(1);
        runtime.startContainer(id);

        ContainerInfo info = runtime.inspectContainer(id).orElseThrow();
        assertThat(info.state()).isEqualTo(ContainerState.RUNNING);
        assertThat(info.name()).isEqualTo(run.name("httpd"));
        assertThat(info.image()).isEqualTo(busybox);
        assertThat(info.imageId()).startsWith("sha256:");
        assertThat(info.labels()).containsEntry("moor.test.run", run.id);
        assertThat(info.startedAt()).hasValueSatisfying(t -> assertThat(t).isAfter(beforeStart));
        assertThat(info.finishedAt()).isEmpty();
        var address = info.publishedPort().orElseThrow();
        assertThat(address.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(get(URI.create("http://127.0.0.1:" + address.getPort() + "/index.html")))
                .isEqualTo("hello from httpd\n");

        InspectContainerResponse inspect = runtime.client().inspectContainerCmd(id).exec();
        HostConfig host = inspect.getHostConfig();
        assertThat(host.getCapDrop()).containsExactly(Capability.ALL);
        assertThat(host.getCapAdd()).containsExactly(Capability.NET_BIND_SERVICE);
        assertThat(host.getSecurityOpts()).contains("no-new-privileges:true");
        assertThat(host.getPidsLimit()).isEqualTo(32L);
        assertThat(host.getMemory()).isEqualTo(48L * 1024 * 1024);
        assertThat(host.getMemorySwap()).isEqualTo(48L * 1024 * 1024);
        assertThat(host.getNanoCPUs()).isEqualTo(500_000_000L);
        assertThat(host.getRestartPolicy()).isEqualTo(RestartPolicy.alwaysRestart());
        assertThat(inspect.getConfig().getEnv()).contains("GREETING=ahoy");
        assertThat(rawInspect(id).at("/Config/StopTimeout").asInt()).isEqualTo(3);
        // This engine logs with json-file, Docker's default: its output is rotated, not kept forever.
        assertThat(runtime.client().infoCmd().exec().getLoggingDriver()).isEqualTo("json-file");
        assertThat(rawInspect(id).at("/HostConfig/LogConfig/Type").asText()).isEqualTo("json-file");
        assertThat(rawInspect(id).at("/HostConfig/LogConfig/Config/max-size").asText()).isEqualTo("10m");
        assertThat(rawInspect(id).at("/HostConfig/LogConfig/Config/max-file").asText()).isEqualTo("5");
    }

    @Test
    void listsOnlyContainersCarryingAllTheLabels() {
        String wanted = runtime.createContainer(run.container("list-a", busybox, "sleep", "60").label("role", "a").request());
        runtime.createContainer(run.container("list-b", busybox, "sleep", "60").label("role", "b").request());

        List<ContainerInfo> listed = runtime.listContainers(Map.of("moor.test.run", run.id, "role", "a"));

        assertThat(listed).extracting(ContainerInfo::id).containsExactly(wanted);
        ContainerInfo created = listed.getFirst();
        assertThat(created.state()).isEqualTo(ContainerState.CREATED);
        assertThat(created.startedAt()).isEmpty();
        assertThat(created.finishedAt()).isEmpty();
        assertThat(created.publishedPort()).isEmpty();
    }

    @Test
    void copiesFilesWithTheirModesBeforeStart() {
        String id = runtime.createContainer(run.container("copy", busybox, "sleep", "600").request());
        runtime.copyFiles(id, List.of(
                new FileToCopy("/run/secrets/db_password", "s3cret".getBytes(StandardCharsets.UTF_8), 0400),
                new FileToCopy("/etc/app/conf/app.conf", "mode=test\n".getBytes(StandardCharsets.UTF_8), 0644)));
        runtime.startContainer(id);

        assertThat(runtime.exec(id, List.of("cat", "/run/secrets/db_password"), PATIENCE))
                .isEqualTo(new ExecResult(0, "s3cret"));
        assertThat(runtime.exec(id, List.of("stat", "-c", "%a %u %g %n",
                "/run/secrets/db_password", "/etc/app/conf/app.conf", "/etc/app/conf"), PATIENCE).output())
                .isEqualTo("400 0 0 /run/secrets/db_password\n644 0 0 /etc/app/conf/app.conf\n755 0 0 /etc/app/conf\n");
    }

    @Test
    void execReportsExitCodesOutputAndTimeouts() {
        String id = run.run(run.container("exec", busybox, "sleep", "600"));

        ExecResult failed = runtime.exec(id, List.of("sh", "-c", "echo out; echo err >&2; exit 3"), PATIENCE);
        assertThat(failed.exitCode()).isEqualTo(3);
        assertThat(failed.output()).contains("out\n", "err\n");

        ExecResult chatty = runtime.exec(id, List.of("sh", "-c", "yes | head -c 10000"), PATIENCE);
        assertThat(chatty.exitCode()).isZero();
        assertThat(chatty.output()).hasSize(4096);

        long start = System.nanoTime();
        assertThatThrownBy(() -> runtime.exec(id, List.of("sleep", "30"), Duration.ofMillis(500)))
                .isInstanceOf(ContainerRuntimeException.class)
                .hasMessageContaining("did not finish within 500ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));

        ExecResult missing = runtime.exec(id, List.of("/no/such/program"), PATIENCE);
        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.output()).containsIgnoringCase("no such file");
    }

    @Test
    void streamsTheEventsOfLabelledContainersUntilClosed() throws Exception {
        List<ContainerEvent> events = new CopyOnWriteArrayList<>();
        AtomicInteger errors = new AtomicInteger();
        Closeable subscription = runtime.events(Map.of("moor.test.run", run.id, "role", "watched"), events::add,
                error -> errors.incrementAndGet());
        try {
            String watched = run.run(run.container("watched", busybox, "sleep", "1").label("role", "watched"));
            String other = run.run(run.container("unwatched", busybox, "sleep", "1").label("role", "other"));

            await().atMost(PATIENCE).untilAsserted(() -> assertThat(events)
                    .filteredOn(e -> e.containerId().equals(watched))
                    .extracting(ContainerEvent::action)
                    .contains("create", "start", "die"));
            assertThat(events).noneMatch(e -> e.containerId().equals(other));
            ContainerEvent start = events.stream().filter(e -> e.action().equals("start")).findFirst().orElseThrow();
            assertThat(start.labels()).containsEntry("role", "watched").containsEntry("moor.test.run", run.id)
                    .doesNotContainKeys("image", "name");
            assertThat(start.time()).isBetween(Instant.now().minus(PATIENCE), Instant.now());
        } finally {
            subscription.close();
        }
        int seen = events.size();
        // A subscription still open hears the next container live and die: the closed one had every chance to.
        List<ContainerEvent> witnessed = new CopyOnWriteArrayList<>();
        try (Closeable witness = runtime.events(Map.of("moor.test.run", run.id, "role", "watched"), witnessed::add,
                error -> errors.incrementAndGet())) {
            String afterClose = run.run(run.container("after-close", busybox, "sleep", "1").label("role", "watched"));
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(witnessed)
                    .filteredOn(e -> e.containerId().equals(afterClose))
                    .extracting(ContainerEvent::action)
                    .contains("create", "start", "die"));
        }
        assertThat(events).hasSize(seen);
        assertThat(errors).hasValue(0);
    }

    @Test
    void streamsLogsWithTailAndFollow() throws Exception {
        String id = run.run(run.container("logs", busybox, "sh", "-c",
                "echo one; echo two; echo three >&2; sleep 1; while true; do echo tick; sleep 0.2; done"));
        await().atMost(PATIENCE).until(() -> collect(id, -1).stream().anyMatch(l -> l.text().equals("tick")));

        // The engine records stdout and stderr separately: their relative order is not kept.
        List<LogLine> all = collect(id, -1);
        assertThat(all.subList(0, 3)).containsExactlyInAnyOrder(
                new LogLine(id, LogLine.Stream.STDOUT, "one"),
                new LogLine(id, LogLine.Stream.STDOUT, "two"),
                new LogLine(id, LogLine.Stream.STDERR, "three"));
        assertThat(all).filteredOn(l -> l.stream() == LogLine.Stream.STDOUT).extracting(LogLine::text)
                .startsWith("one", "two", "tick");
        assertThat(collect(id, 2)).hasSize(2).allMatch(l -> l.text().equals("tick"));
        assertThat(collect(id, 0)).isEmpty();

        List<LogLine> followed = new CopyOnWriteArrayList<>();
        AtomicInteger ends = new AtomicInteger();
        Closeable follow = runtime.logs(id, 0, true, followed::add, ends::incrementAndGet);
        await().atMost(PATIENCE).until(() -> followed.size() >= 3);
        follow.close();
        follow.close();
        int received = followed.size();
        // A follow opened after the close hears the next ticks: the closed one had every chance to hear them too.
        List<LogLine> later = new CopyOnWriteArrayList<>();
        try (Closeable witness = runtime.logs(id, 0, true, later::add, () -> { })) {
            await().atMost(PATIENCE).until(() -> later.size() >= 3);
        }
        assertThat(followed).hasSize(received).allMatch(l -> l.text().equals("tick"));
        assertThat(ends).hasValue(1);

        AtomicInteger endsAtStop = new AtomicInteger();
        runtime.logs(id, 0, true, line -> {}, endsAtStop::incrementAndGet);
        runtime.stopContainer(id, Duration.ofSeconds(1));
        await().atMost(PATIENCE).untilAtomic(endsAtStop, org.hamcrest.Matchers.equalTo(1));
    }

    @Test
    void containersFindEachOtherByAliasOnANetwork() {
        String network = run.network("net");
        runtime.ensureNetwork(network, run.labels());
        runtime.ensureNetwork(network, run.labels());
        String alias = "web-" + run.id;
        String server = runtime.createContainer(run.container("dns-server", busybox, "httpd", "-f", "-p", "8080", "-h", "/www")
                .network(network, alias).request());
        runtime.copyFiles(server, List.of(new FileToCopy("/www/index.html", "found by alias".getBytes(StandardCharsets.UTF_8), 0644)));
        runtime.startContainer(server);
        String client = run.run(run.container("dns-client", busybox, "sleep", "600").network(network));

        assertThat(runtime.client().inspectNetworkCmd().withNetworkId(network).exec().getLabels())
                .containsEntry("moor.test.run", run.id);
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(runtime.exec(client, List.of("wget", "-q", "-O", "-", "http://" + alias + ":8080/"), PATIENCE))
                        .isEqualTo(new ExecResult(0, "found by alias")));

        runtime.removeContainer(client);
        runtime.removeContainer(server);
        runtime.removeNetwork(network);
        runtime.removeNetwork(network);
        assertThat(runtime.client().listNetworksCmd().withNameFilter(network).exec()).isEmpty();
    }

    @Test
    void mountsVolumesAndHostDirectories(@TempDir Path hostDir) throws Exception {
        Files.writeString(hostDir.resolve("from-host.txt"), "host file");
        String volume = run.volume("data");
        runtime.ensureVolume(volume, run.labels());
        runtime.ensureVolume(volume, run.labels());
        String id = run.run(run.container("mounts", busybox, "sleep", "600")
                .mount(Kind.VOLUME, volume, "/data", false)
                .mount(Kind.BIND, hostDir.toString(), "/host", true));

        assertThat(runtime.exec(id, List.of("sh", "-c", "echo kept > /data/file && cat /data/file"), PATIENCE))
                .isEqualTo(new ExecResult(0, "kept\n"));
        assertThat(runtime.exec(id, List.of("cat", "/host/from-host.txt"), PATIENCE))
                .isEqualTo(new ExecResult(0, "host file"));
        assertThat(runtime.exec(id, List.of("touch", "/host/new"), PATIENCE).exitCode()).isNotZero();
        assertThat(runtime.client().inspectVolumeCmd(volume).exec().getLabels()).containsEntry("moor.test.run", run.id);
    }

    @Test
    void stopAndRemoveAreIdempotent() {
        String id = runtime.createContainer(run.container("idempotent", busybox, "sleep", "600").request());
        runtime.stopContainer(id, Duration.ofSeconds(1));
        runtime.startContainer(id);
        runtime.startContainer(id);
        runtime.stopContainer(id, Duration.ofSeconds(1));
        runtime.stopContainer(id, Duration.ofSeconds(1));

        ContainerInfo stopped = runtime.inspectContainer(id).orElseThrow();
        assertThat(stopped.state()).isEqualTo(ContainerState.EXITED);
        assertThat(stopped.finishedAt()).isPresent();
        assertThat(stopped.exitCode()).isEqualTo(137);

        runtime.removeContainer(id);
        runtime.removeContainer(id);
        runtime.stopContainer(id, Duration.ofSeconds(1));
        runtime.removeNetwork(run.name("never-created"));
        assertThat(runtime.inspectContainer(id)).isEmpty();
    }

    @Test
    void refusesUnknownImagesNetworksCapabilitiesAndTakenNames() {
        assertThatThrownBy(() -> runtime.createContainer(
                run.container("no-image", "moor-test/never-built:" + run.id).request()))
                .isInstanceOf(ContainerRuntimeException.class)
                .hasMessageContaining("image moor-test/never-built:" + run.id + " is not on this host");

        runtime.createContainer(run.container("taken", busybox, "sleep", "60").request());
        assertThatThrownBy(() -> runtime.createContainer(run.container("taken", busybox, "sleep", "60").request()))
                .isInstanceOf(ContainerRuntimeException.class)
                .hasMessageContaining("the name " + run.name("taken") + " is taken");

        // The engine looks for the network when the container starts.
        String orphan = runtime.createContainer(run.container("no-network", busybox, "sleep", "1")
                .network(run.name("never-created")).request());
        assertThatThrownBy(() -> runtime.startContainer(orphan))
                .isInstanceOf(ContainerRuntimeException.class)
                .hasMessageContaining("network " + run.name("never-created") + " not found")
                .hasMessageNotContaining("image");

        assertThatThrownBy(() -> runtime.createContainer(run.container("bad-cap", busybox, "sleep", "1").capability("FLY").request()))
                .isInstanceOf(ContainerRuntimeException.class)
                .hasMessageContaining("unknown capability: FLY");
    }

    private static List<LogLine> collect(String id, int tail) {
        List<LogLine> lines = new CopyOnWriteArrayList<>();
        AtomicInteger ends = new AtomicInteger();
        runtime.logs(id, tail, false, lines::add, ends::incrementAndGet);
        await().atMost(PATIENCE).untilAtomic(ends, org.hamcrest.Matchers.equalTo(1));
        return List.copyOf(lines);
    }

    /** The engine's inspect answer as JSON, for fields docker-java's model does not carry. */
    private static JsonNode rawInspect(String id) throws Exception {
        var http = ((DockerClientImpl) runtime.client()).getHttpClient();
        var request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.GET)
                .path("/containers/" + id + "/json")
                .build();
        try (var response = http.execute(request)) {
            return new ObjectMapper().readTree(response.getBody());
        }
    }

    private static String get(URI uri) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = await().atMost(PATIENCE).ignoreExceptions()
                    .until(() -> http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()),
                            r -> r.statusCode() == 200);
            return response.body();
        }
    }
}

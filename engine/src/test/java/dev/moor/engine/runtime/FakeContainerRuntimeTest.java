package dev.moor.engine.runtime;

import org.junit.jupiter.api.Test;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FakeContainerRuntimeTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    private final FakeContainerRuntime runtime = new FakeContainerRuntime(() -> NOW);

    private static ContainerRequest request(String name, Map<String, String> labels, Optional<Integer> port) {
        return new ContainerRequest(name, "web:dev", List.of("serve"), Map.of("A", "1"), labels, "shop", List.of("web"),
                port, "127.0.0.1", Optional.empty(), 1L << 28, 64, List.of(), List.of(), Duration.ofSeconds(1));
    }

    private String createAndStart(String name) {
        String id = runtime.createContainer(request(name, Map.of("moor.app", "shop"), Optional.of(8080)));
        runtime.startContainer(id);
        return id;
    }

    @Test
    void containers_are_created_from_existing_images_only_and_run_once_started() {
        assertThatThrownBy(() -> runtime.createContainer(request("web-0", Map.of(), Optional.empty())))
                .isInstanceOf(ContainerRuntimeException.class).hasMessage("No such image: web:dev");
        String imageId = runtime.addImage("web:dev");

        String id = runtime.createContainer(request("web-0", Map.of("moor.app", "shop"), Optional.of(8080)));
        ContainerInfo created = runtime.inspectContainer(id).orElseThrow();
        runtime.startContainer(id);
        ContainerInfo running = runtime.inspectContainer("web-0").orElseThrow();

        assertThat(id).hasSize(64);
        assertThat(created.state()).isEqualTo(ContainerState.CREATED);
        assertThat(created.imageId()).isEqualTo(imageId);
        assertThat(running.state()).isEqualTo(ContainerState.RUNNING);
        assertThat(running.startedAt()).contains(NOW);
        assertThat(running.publishedPort()).contains(new InetSocketAddress("127.0.0.1", 32768));
        assertThat(runtime.inspectContainer(id.substring(0, 12))).contains(running);
        assertThat(runtime.request(id).name()).isEqualTo("web-0");
    }

    @Test
    void names_are_unique_until_the_container_is_removed() {
        runtime.addImage("web:dev");
        String first = runtime.createContainer(request("web-0", Map.of(), Optional.empty()));

        assertThatThrownBy(() -> runtime.createContainer(request("web-0", Map.of(), Optional.empty())))
                .isInstanceOf(ContainerRuntimeException.class)
                .hasMessage("Conflict. The container name \"/web-0\" is already in use.");

        runtime.removeContainer(first);
        runtime.removeContainer(first);
        assertThat(runtime.createContainer(request("web-0", Map.of(), Optional.empty()))).isNotEqualTo(first);
        assertThat(runtime.removes()).isEqualTo(1);
    }

    @Test
    void lists_containers_carrying_all_the_labels() {
        runtime.addImage("web:dev");
        String a = runtime.createContainer(request("a", Map.of("moor.app", "shop", "moor.service", "web"),
                Optional.empty()));
        runtime.createContainer(request("b", Map.of("moor.app", "shop", "moor.service", "api"), Optional.empty()));
        runtime.createContainer(request("c", Map.of("moor.app", "blog"), Optional.empty()));

        assertThat(runtime.listContainers(Map.of("moor.app", "shop", "moor.service", "web")))
                .extracting(ContainerInfo::id).containsExactly(a);
        assertThat(runtime.listContainers(Map.of("moor.app", "shop"))).extracting(ContainerInfo::name)
                .containsExactly("a", "b");
        assertThat(runtime.listContainers(Map.of())).hasSize(3);
    }

    @Test
    void events_follow_the_life_of_matching_containers_until_closed() throws IOException {
        runtime.addImage("web:dev");
        List<String> events = new CopyOnWriteArrayList<>();
        Closeable subscription = runtime.events(Map.of("moor.app", "shop"),
                event -> events.add(event.action() + " " + event.labels().get("moor.app")), error -> { });
        runtime.createContainer(request("other", Map.of("moor.app", "blog"), Optional.empty()));

        String id = createAndStart("web-0");
        runtime.crash(id, 3);
        runtime.startContainer(id);
        runtime.stopContainer(id, Duration.ofSeconds(1));
        runtime.removeContainer(id);
        subscription.close();
        createAndStart("web-1");

        assertThat(events).containsExactly("create shop", "start shop", "die shop", "start shop", "kill shop",
                "die shop", "stop shop", "destroy shop");
    }

    @Test
    void kill_and_crash_end_a_container_with_an_exit_code() {
        runtime.addImage("web:dev");
        String killed = createAndStart("web-0");
        String crashed = createAndStart("web-1");
        String stopped = createAndStart("web-2");

        runtime.kill(killed);
        runtime.crash(crashed, 2);
        runtime.stopContainer(stopped, Duration.ofSeconds(1));

        assertThat(runtime.inspectContainer(killed).orElseThrow().exitCode()).isEqualTo(137);
        assertThat(runtime.inspectContainer(crashed).orElseThrow().exitCode()).isEqualTo(2);
        assertThat(runtime.inspectContainer(stopped).orElseThrow().exitCode()).isEqualTo(143);
        assertThat(runtime.listContainers(Map.of())).extracting(ContainerInfo::state).containsOnly(ContainerState.EXITED);
        assertThat(runtime.inspectContainer(killed).orElseThrow().finishedAt()).contains(NOW);
        assertThatThrownBy(() -> runtime.kill(killed)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void exec_answers_as_programmed_in_running_containers_only() {
        runtime.addImage("web:dev");
        String id = createAndStart("web-0");

        ExecResult byDefault = runtime.exec(id, List.of("true"), Duration.ofSeconds(1));
        runtime.onExec(id, argv -> new ExecResult(argv.size(), String.join(",", argv)));
        ExecResult programmed = runtime.exec(id, List.of("a", "b"), Duration.ofSeconds(1));
        runtime.kill(id);

        assertThat(byDefault).isEqualTo(new ExecResult(0, ""));
        assertThat(programmed).isEqualTo(new ExecResult(2, "a,b"));
        assertThat(runtime.execs(id)).containsExactly(List.of("true"), List.of("a", "b"));
        assertThatThrownBy(() -> runtime.exec(id, List.of("true"), Duration.ofSeconds(1)))
                .isInstanceOf(ContainerRuntimeException.class).hasMessageEndingWith("is not running");
    }

    @Test
    void logs_give_the_tail_then_follow_until_the_container_dies() {
        runtime.addImage("web:dev");
        String id = createAndStart("web-0");
        runtime.appendLog(id, LogLine.Stream.STDOUT, "one");
        runtime.appendLog(id, LogLine.Stream.STDERR, "two");
        runtime.appendLog(id, LogLine.Stream.STDOUT, "three");
        List<String> tail = new ArrayList<>();
        List<String> followed = new ArrayList<>();
        AtomicInteger tailEnds = new AtomicInteger();
        AtomicInteger followEnds = new AtomicInteger();

        runtime.logs(id, 2, false, line -> tail.add(line.text()), tailEnds::incrementAndGet);
        runtime.logs(id, 1, true, line -> followed.add(line.text()), followEnds::incrementAndGet);
        runtime.appendLog(id, LogLine.Stream.STDOUT, "four");
        runtime.kill(id);
        runtime.appendLog(id, LogLine.Stream.STDOUT, "after death");

        assertThat(tail).containsExactly("two", "three");
        assertThat(tailEnds).hasValue(1);
        assertThat(followed).containsExactly("three", "four");
        assertThat(followEnds).hasValue(1);
    }

    @Test
    void closing_a_followed_log_ends_it_once() throws IOException {
        runtime.addImage("web:dev");
        String id = createAndStart("web-0");
        List<String> followed = new ArrayList<>();
        AtomicInteger ends = new AtomicInteger();

        Closeable stream = runtime.logs(id, 0, true, line -> followed.add(line.text()), ends::incrementAndGet);
        runtime.appendLog(id, LogLine.Stream.STDOUT, "seen");
        stream.close();
        runtime.appendLog(id, LogLine.Stream.STDOUT, "not seen");
        stream.close();

        assertThat(followed).containsExactly("seen");
        assertThat(ends).hasValue(1);
    }

    @Test
    void builds_networks_volumes_and_files_are_recorded() {
        ImageBuild build = new ImageBuild(Path.of("/src/web"), "Dockerfile", Map.of("V", "1"),
                List.of("shop-web:7", "web:dev"), Map.of("moor.app", "shop"));
        List<String> progress = new ArrayList<>();

        String imageId = runtime.buildImage(build, progress::add);
        runtime.ensureNetwork("shop", Map.of());
        runtime.ensureNetwork("shop", Map.of());
        runtime.ensureNetwork("gone", Map.of());
        runtime.removeNetwork("gone");
        runtime.ensureVolume("data", Map.of());
        String id = runtime.createContainer(request("web-0", Map.of(), Optional.empty()));
        runtime.copyFiles(id, List.of(new FileToCopy("/run/secrets/key", new byte[] {1}, 0400)));

        assertThat(imageId).startsWith("sha256:");
        assertThat(runtime.imageId("shop-web:7")).contains(imageId);
        assertThat(runtime.imageId(imageId)).contains(imageId);
        assertThat(runtime.imageId("other:1")).isEmpty();
        assertThat(runtime.builds()).containsExactly(build);
        assertThat(progress).last().isEqualTo("Successfully tagged web:dev");
        assertThat(runtime.networks()).containsExactly("shop");
        assertThat(runtime.volumes()).containsExactly("data");
        assertThat(runtime.copiedFiles(id)).extracting(FileToCopy::path).containsExactly("/run/secrets/key");
    }

    @Test
    void a_broken_event_stream_tells_its_subscribers_once_and_goes_quiet() {
        runtime.addImage("web:dev");
        List<Throwable> errors = new ArrayList<>();
        List<String> events = new ArrayList<>();
        runtime.events(Map.of(), event -> events.add(event.action()), errors::add);
        IllegalStateException cause = new IllegalStateException("connection reset");

        runtime.breakEventStreams(cause);
        createAndStart("web-0");

        assertThat(errors).containsExactly(cause);
        assertThat(events).isEmpty();
    }

    @Test
    void counts_calls_from_many_threads() throws Exception {
        runtime.addImage("web:dev");
        List<Future<String>> created = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 200; i++) {
                int n = i;
                created.add(threads.submit(() -> createAndStart("web-" + n)));
            }
        }
        List<String> ids = new ArrayList<>();
        for (Future<String> id : created) ids.add(id.get());
        ids.forEach(runtime::removeContainer);

        assertThat(ids).doesNotHaveDuplicates();
        assertThat(runtime.creates()).isEqualTo(200);
        assertThat(runtime.starts()).isEqualTo(200);
        assertThat(runtime.removes()).isEqualTo(200);
        assertThat(runtime.listContainers(Map.of())).isEmpty();
    }

    @Test
    void a_closed_runtime_refuses_calls() {
        runtime.close();

        assertThat(runtime.isClosed()).isTrue();
        assertThatThrownBy(runtime::info).isInstanceOf(ContainerRuntimeException.class)
                .hasMessage("the container runtime is closed");
    }
}

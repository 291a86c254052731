package dev.moor.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** An app renamed in its moor.yaml leaves containers that no spec owns: the next Moor removes them. */
@Tag("docker")
class OrphanIT {
    @TempDir
    Path work;

    private final String before = ExampleApps.uniqueName("old");
    private final String after = ExampleApps.uniqueName("new");
    private MoorProcess.Up up;

    @AfterEach
    void cleanUp() throws Exception {
        if (up != null) {
            up.kill9();
        }
        Docker.removeApp(before);
        Docker.removeApp(after);
    }

    @Test
    void containersOfARenamedAppAreRemovedAfterTheGrace() throws Exception {
        Path dir = ExampleApps.copy("echo", work, before);
        Path spec = dir.resolve("moor.yaml");
        Files.writeString(spec, Files.readString(spec).replaceFirst("replicas: \\d+", "replicas: 1"));
        MoorProcess moor = new MoorProcess(Files.createDirectories(work.resolve("home")), work);

        up = moor.up(dir.toString());
        await().atMost(MoorProcess.timeout()).untilAsserted(() -> assertThat(Docker.containersOf(before)).hasSize(1));
        up.kill9();

        Files.writeString(spec, Files.readString(spec).replaceFirst("(?m)^app:.*$", "app: " + after), StandardCharsets.UTF_8);
        up = moor.up(dir.toString(), "--orphan-grace", "2s");
        long start = System.nanoTime();
        await().atMost(MoorProcess.timeout()).untilAsserted(() -> {
            assertThat(up.output()).contains("orphan.removed").contains("no spec owns app " + before);
            assertThat(Docker.containersOf(before)).as(up.output()).isEmpty();
            MoorProcess.Result status = moor.run("status", "--app", after, "--json");
            assertThat(status.exitCode()).as(status.err()).isZero();
            assertThat(status.json().get("services").get(0).get("healthy").asInt()).isEqualTo(1);
        });
        // Not before the grace: a spec being edited must not lose its containers at once.
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(java.time.Duration.ofSeconds(2));
    }
}

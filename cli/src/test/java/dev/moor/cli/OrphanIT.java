package dev.moor.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Containers labelled by this installation for an app it does not run (a {@code moor down} cut short, a store
 * restored from an older backup) are removed after the grace; those of the apps it runs stay.
 */
@Tag("docker")
class OrphanIT {
    @TempDir
    Path work;

    private final String app = ExampleApps.uniqueName("kept");
    private final String ghost = ExampleApps.uniqueName("ghost");
    private MoorProcess moor;

    @AfterEach
    void cleanUp() throws Exception {
        moor.cleanUp();
        Docker.removeApp(app);
        Docker.removeApp(ghost);
    }

    @Test
    void containersOfAnAppTheServerDoesNotRunAreRemovedAfterTheGrace() throws Exception {
        moor = new MoorProcess(Files.createDirectories(work.resolve("home")), work);
        Path dir = ExampleApps.copy("echo", work, app, MoorProcess.freePort());
        Path spec = dir.resolve("moor.yaml");
        Files.writeString(spec, Files.readString(spec).replaceFirst("replicas: \\d+", "replicas: 1"));
        MoorProcess.Result start = moor.run("server", "start", "--orphan-grace", "3s");
        assertThat(start.exitCode()).as(start.err()).isZero();
        moor.up(dir);
        String installation = moor.installation();

        String orphan = Docker.run("run", "-d", "--label", "moor.owner=" + installation, "--label", "moor.app=" + ghost,
                "--label", "moor.service=web", "--label", "moor.replica=0", "busybox:1.35", "sleep", "600");
        long created = System.nanoTime();

        await().atMost(MoorProcess.timeout()).untilAsserted(() ->
                assertThat(Docker.containersOf(ghost)).as(moor.serverLog()).isEmpty());
        // Not before the grace: an app being registered right now must not lose its containers.
        assertThat(Duration.ofNanos(System.nanoTime() - created)).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        assertThat(orphan).isNotBlank();
        assertThat(Docker.containersOf(app)).hasSize(1);
    }
}

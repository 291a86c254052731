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

/** Commands run remotely over mutual TLS with a client bundle of the server's own CA, and only with one. */
@Tag("docker")
class RemoteApiIT {
    @TempDir
    Path work;

    private MoorProcess moor;

    @AfterEach
    void cleanUp() throws Exception {
        moor.cleanUp();
    }

    @Test
    void aCommandRunsRemotelyWithABundleOfTheServersCaAndIsRefusedWithoutOneWithAnotherOrAnExpiredOne() throws Exception {
        Path home = Files.createDirectories(work.resolve("home"));
        int apiPort = MoorProcess.freePort();
        Files.writeString(home.resolve("server.yaml"), "api:\n  listen: 127.0.0.1:" + apiPort + "\n");
        moor = new MoorProcess(home, work);
        assertThat(moor.run("server", "start").exitCode()).isZero();
        moor.installation();
        String server = "https://127.0.0.1:" + apiPort;

        MoorProcess.Result issued = moor.run("server", "issue-client", "ci-laptop", "--out", work.resolve("ci").toString());
        assertThat(issued.exitCode()).as(issued.err()).isZero();
        MoorProcess.Result remote = moor.run("server", "status", "--server", server, "--client-bundle", work.resolve("ci").toString());
        assertThat(remote.exitCode()).as(remote.err()).isZero();
        assertThat(remote.out()).contains("pid ").contains("live-restore");

        MoorProcess.Result none = moor.run("apps", "--server", server, "--client-bundle", work.resolve("nothing").toString());
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.err()).contains("needs a client bundle");

        MoorProcess other = new MoorProcess(Files.createDirectories(work.resolve("other-home")), work);
        assertThat(other.run("server", "issue-client", "stranger", "--out", work.resolve("stranger").toString()).exitCode()).isZero();
        MoorProcess.Result foreign = moor.run("apps", "--server", server, "--client-bundle", work.resolve("stranger").toString());
        assertThat(foreign.exitCode()).isEqualTo(1);
        assertThat(foreign.err()).startsWith("moor: ").doesNotContain("\tat ");

        MoorProcess.Result shortLived = moor.run("server", "issue-client", "brief", "--valid", "1s", "--out",
                work.resolve("brief").toString());
        assertThat(shortLived.exitCode()).as(shortLived.err()).isZero();
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            MoorProcess.Result expired = moor.run("apps", "--server", server, "--client-bundle", work.resolve("brief").toString());
            assertThat(expired.exitCode()).isEqualTo(1);
            assertThat(expired.err()).startsWith("moor: ");
        });
    }
}

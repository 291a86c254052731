package dev.moor.snapshot.channel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EdgeSettingsTest {
    @TempDir
    Path dir;

    @Test
    void settingsWrittenByTheServerAreReadByTheEdge() throws Exception {
        EdgeSettings settings = new EdgeSettings("host-1", 2, "epoll", "127.0.0.1", Optional.of(8080), 9100, "stdout",
                "/run/moor/edge.sock", "/run/moor/edge.token", "/var/lib/moor/edge",
                Optional.of("/var/lib/moor/edge/handoff.sock"), "openssl");
        Path file = dir.resolve("edge.json");

        settings.write(file);

        assertThat(EdgeSettings.read(file)).isEqualTo(settings);
    }

    @Test
    void whatIsLeftOutHasItsDefault() throws Exception {
        Path file = dir.resolve("edge.json");
        Files.writeString(file, """
                {"edgeId": "host-1", "socket": "/s", "tokenFile": "/t", "stateDirectory": "/d"}
                """);

        EdgeSettings settings = EdgeSettings.read(file);

        assertThat(settings.transport()).isEqualTo("auto");
        assertThat(settings.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(settings.accessLog()).isEqualTo("off");
        assertThat(settings.metricsPort()).isZero();
        assertThat(settings.listen()).isEmpty();
        assertThat(settings.handoffSocket()).isEmpty();
        assertThat(settings.tlsProvider()).as("settings of an edge before HTTPS").isEqualTo("auto");
        assertThat(settings.eventLoops()).isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void aMissingSettingSaysWhatWasExpected() throws Exception {
        Path file = dir.resolve("edge.json");
        Files.writeString(file, "{\"edgeId\": \"host-1\", \"tokenFile\": \"/t\", \"stateDirectory\": \"/d\"}");

        assertThatThrownBy(() -> EdgeSettings.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("edge settings " + file)
                .hasMessageContaining("socket: missing (expected: the path of the server's edge channel socket)");
    }

    @Test
    void aWrongTransportIsRefused() {
        assertThatThrownBy(() -> new EdgeSettings("h", 0, "kqueue", null, Optional.empty(), 0, null, "/s", "/t", "/d", null,
                null)).hasMessage("transport: kqueue (expected: auto, io_uring, epoll or nio)");
    }

    @Test
    void aWrongTlsProviderIsRefused() {
        assertThatThrownBy(() -> new EdgeSettings("h", 0, "auto", null, Optional.empty(), 0, null, "/s", "/t", "/d", null,
                "boringssl")).hasMessage("tlsProvider: boringssl (expected: auto, openssl or jdk)");
    }

    @Test
    void aMissingFileSaysWhichFile() {
        assertThatThrownBy(() -> EdgeSettings.read(dir.resolve("none.json")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("edge settings " + dir.resolve("none.json") + ": cannot read");
    }
}

package dev.moor.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(ByteBufLeakCheck.class)
class LocalApiClientTest {

    @TempDir
    Path dir;

    @Test
    void saysNoMoorRunsWhenTheSocketIsMissing() {
        Path socket = dir.resolve("moor.sock");

        assertThatThrownBy(() -> LocalApiClient.connect(socket))
                .asInstanceOf(type(ApiException.class))
                .satisfies(e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.getMessage()).isEqualTo("no running Moor at " + socket
                            + " (is 'moor up' running?)");
                });
    }

    @Test
    void saysNoMoorRunsWhenTheSocketDisappearedAfterTheClientWasMade() {
        Path socket = dir.resolve("moor.sock");

        try (LocalApiClient client = new LocalApiClient(socket)) {
            assertThatThrownBy(() -> client.post("/v1/scale", Map.of("web", 2)))
                    .asInstanceOf(type(ApiException.class))
                    .satisfies(e -> {
                        assertThat(e.status()).isEqualTo(503);
                        assertThat(e.getMessage()).isEqualTo("no running Moor at " + socket
                                + " (is 'moor up' running?)");
                    });
        }
    }

    @Test
    void saysNoMoorRunsWhenTheSocketIsStale() throws Exception {
        Path socket = dir.resolve("moor.sock");
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(socket));
        }

        try (LocalApiClient client = LocalApiClient.connect(socket)) {
            assertThatThrownBy(() -> client.get("/v1/status"))
                    .asInstanceOf(type(ApiException.class))
                    .satisfies(e -> {
                        assertThat(e.status()).isEqualTo(503);
                        assertThat(e.getMessage()).isEqualTo("no running Moor at " + socket
                                + " (is 'moor up' running?)");
                    });
            assertThatThrownBy(() -> client.stream("/v1/logs", line -> { }))
                    .hasMessage("no running Moor at " + socket + " (is 'moor up' running?)");
        }
    }

    @Test
    void reportsAServerThatClosesWithoutAnswering() throws Exception {
        Path socket = dir.resolve("moor.sock");
        try (ServerSocketChannel mute = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            mute.bind(UnixDomainSocketAddress.of(socket));
            Thread.startVirtualThread(() -> {
                try (SocketChannel connection = mute.accept()) {
                    connection.read(ByteBuffer.allocate(4096)); // the request, then close without answering
                } catch (IOException ignored) {
                    // the test has ended
                }
            });

            try (LocalApiClient client = LocalApiClient.connect(socket)) {
                assertThatThrownBy(() -> client.get("/v1/status"))
                        .asInstanceOf(type(ApiException.class))
                        .satisfies(e -> {
                            assertThat(e.status()).isEqualTo(502);
                            assertThat(e.getMessage()).isEqualTo("Moor at " + socket
                                    + " closed the connection before the end of its answer");
                        });
            }
        }
    }
}

package dev.moor.edge;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each transport proxies on its own: many connections over two event loops, and a large body both ways. The
 * rest of the edge's tests run on the native transports through {@link Edge} (see the edge module's pom).
 */
@ExtendWith(NettyLeaks.class)
class TransportTest {
    private static final int BODY = 8 * 1024 * 1024;

    @RegisterExtension
    final Backend backend = new Backend("app");

    @Test
    void autoPicksTheFastestTransportThisMachineHas() {
        IoTransport expected = IoUring.isAvailable() ? IoTransport.IO_URING
                : Epoll.isAvailable() ? IoTransport.EPOLL : IoTransport.NIO;
        try (EdgeServer server = server(IoTransport.AUTO)) {
            server.start();
            assertThat(server.transport()).isEqualTo(expected);
        }
    }

    /** The edge's tests need both native transports, as they need real sockets: a machine without them fails here. */
    @Test
    void thisMachineHasBothNativeTransports() {
        assertThat(Epoll.isAvailable()).as("epoll: %s", Epoll.unavailabilityCause()).isTrue();
        assertThat(IoUring.isAvailable()).as("io_uring: %s", IoUring.unavailabilityCause()).isTrue();
    }

    @Test
    void aTransportThatIsMissingIsRefusedWithTheReason() {
        assertThat(Transport.unavailable(IoTransport.IO_URING, new IllegalStateException("io_uring_setup: EPERM")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("edge: io_uring is not available on this machine: io_uring_setup: EPERM "
                        + "(expected: transport auto, or one that is)");
    }

    @ParameterizedTest
    @EnumSource(value = IoTransport.class, names = {"IO_URING", "EPOLL", "NIO"})
    void proxiesManyConnectionsAndLargeBodies(IoTransport transport) throws Exception {
        backend.respond((request, ctx) -> ctx.writeAndFlush(Backend.full(200, request.bodyBytes + " " + request.sha256, request)));
        try (EdgeServer server = server(transport)) {
            server.start();
            assertThat(server.transport()).isEqualTo(transport);
            server.update(Snapshots.single(backend));
            URI uri = URI.create("http://127.0.0.1:" + server.port() + "/upload");

            List<HttpClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                    clients.add(client);
                    byte[] body = ("client " + i).getBytes();
                    assertThat(client.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                            BodyHandlers.ofString()).body()).isEqualTo(body.length + " " + sha256(body));
                }
                byte[] large = new byte[BODY];
                for (int i = 0; i < large.length; i++) {
                    large[i] = Backend.pattern(i);
                }
                assertThat(clients.getFirst().send(HttpRequest.newBuilder(uri)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(large)).build(), BodyHandlers.ofString()).body())
                        .isEqualTo(BODY + " " + sha256(large));

                backend.respond(Backend.stream(BODY));
                byte[] downloaded = clients.getLast().send(HttpRequest.newBuilder(uri).build(), BodyHandlers.ofByteArray()).body();
                assertThat(downloaded).hasSize(BODY);
                for (int i = 0; i < BODY; i++) {
                    if (downloaded[i] != Backend.pattern(i)) {
                        throw new AssertionError("byte " + i + " of the download differs");
                    }
                }
            } finally {
                clients.forEach(HttpClient::close);
            }
            assertThat(backend.connectionsAccepted()).as("upstream connections, reused across requests").isLessThanOrEqualTo(2);
        }
    }

    private static EdgeServer server(IoTransport transport) {
        return EdgeServer.builder().listen(new InetSocketAddress("127.0.0.1", 0)).threads(2).transport(transport).build();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}

package dev.moor.edge;

import dev.moor.snapshot.ForwardingPolicy;

import dev.moor.snapshot.Timeouts;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@ExtendWith(NettyLeaks.class)
class WebSocketTest {
    @RegisterExtension
    final WebSocketBackend backend = new WebSocketBackend("ws");
    @RegisterExtension
    final Edge edge = new Edge(2);

    private final HttpClient client = HttpClient.newHttpClient();

    @AfterEach
    void closeClient() {
        client.shutdownNow();
    }

    private void serve(Timeouts timeouts) {
        edge.update(Snapshots.snapshot(List.of(Snapshots.withTimeouts(Snapshots.route("all", "/", "app"), timeouts)),
                Snapshots.cluster("app", backend.endpoint())));
    }

    private WebSocket connect(String path, Messages listener) {
        return client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create("ws://127.0.0.1:" + edge.port() + path), listener)
                .orTimeout(10, TimeUnit.SECONDS).join();
    }

    @Test
    void textAndBinaryMessagesOfAnySizeAreRelayedBothWays() throws Exception {
        serve(Snapshots.TIMEOUTS);
        Messages messages = new Messages(true);
        WebSocket socket = connect("/ws", messages);

        socket.sendText("hello", true).join();
        assertThat(messages.next()).isEqualTo("hello");
        socket.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true).join();
        assertThat((byte[]) messages.next()).containsExactly(1, 2, 3);
        String largeText = "0123456789abcdef".repeat(20_000);
        socket.sendText(largeText, true).join();
        assertThat(messages.next()).isEqualTo(largeText);
        byte[] largeBinary = pattern(8 * 1024 * 1024);
        socket.sendBinary(ByteBuffer.wrap(largeBinary), true).join();
        assertThat((byte[]) messages.next()).isEqualTo(largeBinary);
        socket.sendText("in", false).join();
        socket.sendText(" parts", true).join();
        assertThat(messages.next()).isEqualTo("in parts");

        HttpHeaders handshake = backend.requests().getFirst().headers();
        assertThat(handshake.get("Connection")).isEqualToIgnoringCase("upgrade");
        assertThat(handshake.get("Upgrade")).isEqualToIgnoringCase("websocket");
        assertThat(handshake.get("Sec-WebSocket-Key")).isNotBlank();
        assertThat(handshake.get("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(handshake.get("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(handshake.get("X-Request-Id")).isNotBlank();
        AccessLogEntry entry = edge.accessLog.getLast();
        assertThat(entry.status()).isEqualTo(101);
        assertThat(entry.protocol()).isEqualTo("HTTP/1.1");
        assertThat(entry.route()).isEqualTo("all");
        assertThat(entry.upstream()).isEqualTo("ws");
        assertThat(entry.requestId()).isEqualTo(handshake.get("X-Request-Id"));
        edge.server().publishMeters();
        assertThat(edge.registry.get("moor.edge.requests").tag("route", "all").tag("status_class", "1xx")
                .counter().count()).isEqualTo(1);
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
    }

    @Test
    void closingFromTheClientClosesTheUpstreamConnection() {
        serve(Snapshots.TIMEOUTS);
        Messages messages = new Messages(true);
        WebSocket socket = connect("/ws", messages);
        socket.sendText("ping", true).join();
        assertThat(messages.next()).isEqualTo("ping");

        socket.sendClose(WebSocket.NORMAL_CLOSURE, "client bye").join();

        assertThat(messages.closeCode.orTimeout(10, TimeUnit.SECONDS).join()).isEqualTo(WebSocket.NORMAL_CLOSURE);
        await().atMost(Duration.ofSeconds(5)).until(() -> backend.connectionsClosed() == 1);
    }

    @Test
    void closingFromTheServerClosesTheClientConnection() {
        serve(Snapshots.TIMEOUTS);
        Messages messages = new Messages(true);
        WebSocket socket = connect("/ws", messages);

        socket.sendText("close-me", true).join();

        assertThat(messages.closeCode.orTimeout(10, TimeUnit.SECONDS).join()).isEqualTo(4000);
        assertThat(messages.closeReason).isEqualTo("server bye");
        await().atMost(Duration.ofSeconds(5)).until(socket::isInputClosed);
        await().atMost(Duration.ofSeconds(5)).until(() -> backend.connectionsClosed() == 1);
    }

    @Test
    void theHandshakeGetsAnUpstreamConnectionOfItsOwnThatIsNeverPooled() {
        serve(Snapshots.TIMEOUTS);
        assertThat(edge.get("/plain").body()).isEqualTo("plain");
        assertThat(backend.connectionsAccepted()).isEqualTo(1);

        Messages messages = new Messages(true);
        WebSocket socket = connect("/ws", messages);
        socket.sendText("mine", true).join();
        assertThat(messages.next()).isEqualTo("mine");
        assertThat(backend.connectionsAccepted()).isEqualTo(2);
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
        await().atMost(Duration.ofSeconds(5)).until(() -> backend.connectionsClosed() == 1);

        assertThat(edge.get("/plain").body()).isEqualTo("plain");
        assertThat(backend.connectionsAccepted()).as("the pooled connection served again").isEqualTo(2);
    }

    @Test
    void anAnswerOtherThan101IsRelayedAsAResponse() throws Exception {
        serve(Snapshots.TIMEOUTS);

        assertThatThrownBy(() -> connect("/elsewhere", new Messages(true)))
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                        e -> assertThat(e.getResponse().statusCode()).isEqualTo(403));

        try (RawHttp raw = new RawHttp(edge.port())) {
            String responses = raw.send("GET /elsewhere HTTP/1.1\r\nHost: edge\r\nConnection: Upgrade\r\n"
                            + "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
                            + "GET /plain HTTP/1.1\r\nHost: edge\r\n\r\n")
                    .readResponses(2);

            assertThat(responses).startsWith("HTTP/1.1 403").contains("no WebSocket here");
            assertThat(responses.substring(responses.indexOf("no WebSocket here"))).contains("HTTP/1.1 200").endsWith("plain");
        }
        WebSocketBackend.Received refused = backend.requests().get(1);
        assertThat(refused.uri()).isEqualTo("/elsewhere");
        assertThat(refused.headers().get("Connection")).isEqualToIgnoringCase("upgrade");
        assertThat(refused.headers().get("Upgrade")).isEqualToIgnoringCase("websocket");
        assertThat(edge.accessLog).extracting(AccessLogEntry::status).containsExactly(403, 403, 200);
        // Each refused handshake had an upstream connection of its own, closed after its answer.
        await().atMost(Duration.ofSeconds(5)).until(() -> backend.connectionsClosed() == 2);
    }

    @Test
    void aTunnelIsClosedAfterTheRoutesIdleTimeoutAndNotBefore() throws Exception {
        serve(new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofMillis(600)));
        Messages messages = new Messages(true);
        WebSocket socket = connect("/ws", messages);

        for (int i = 0; i < 8; i++) {
            Thread.sleep(200);
            socket.sendText("still here " + i, true).join();
            assertThat(messages.next()).isEqualTo("still here " + i);
        }
        assertThat(backend.connectionsClosed()).as("a tunnel in use stays open past its idle timeout").isZero();

        await().atMost(Duration.ofSeconds(5)).until(() -> backend.connectionsClosed() == 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> messages.closeCode.isDone() || messages.error.isDone());
    }

    @Test
    void aTunnelToAnEndpointThatLeftTheSnapshotLastsUntilTheDrainTimeoutThenCloses() throws Exception {
        Duration drainTimeout = Duration.ofMillis(1200);
        ForwardingPolicy policy = new ForwardingPolicy(List.of(), false, drainTimeout);
        edge.update(Snapshots.snapshot(List.of(Snapshots.route("all", "/", "app")), policy,
                Snapshots.cluster("app", backend.endpoint())));
        Messages messages = new Messages(true);
        WebSocket socket = connect("/ws", messages);
        socket.sendText("before", true).join();
        assertThat(messages.next()).isEqualTo("before");

        edge.update(Snapshots.snapshot(List.of(Snapshots.route("all", "/", "app")), policy, Snapshots.cluster("app")));
        long retired = System.nanoTime();
        // The update hands each event loop the retirement as a task; publishMeters waits for a task queued after
        // it on every loop: once it returns, the tunnel's loop drains the endpoint.
        edge.server().publishMeters();
        socket.sendText("draining", true).join();
        assertThat(messages.next()).isEqualTo("draining");
        assertThat(backend.connectionsClosed()).as("the tunnel within the drain timeout").isZero();

        await().atMost(Duration.ofSeconds(5)).until(() -> backend.connectionsClosed() == 1);
        assertThat(Duration.ofNanos(System.nanoTime() - retired)).isGreaterThanOrEqualTo(drainTimeout);
        await().atMost(Duration.ofSeconds(5)).until(() -> messages.closeCode.isDone() || messages.error.isDone());
    }

    @Test
    void aClientThatDoesNotReadHoldsBackTheUpstreamInsteadOfFillingTheEdgesMemory() throws Exception {
        serve(Snapshots.TIMEOUTS);
        Messages messages = new Messages(false);
        WebSocket socket = connect("/ws", messages);
        byte[] large = pattern(16 * 1024 * 1024);
        long baseline = PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory();

        socket.sendBinary(ByteBuffer.wrap(large), true).orTimeout(30, TimeUnit.SECONDS).join();
        await().atMost(Duration.ofSeconds(30)).until(() -> backend.echoesStarted() == 1);
        Thread.sleep(1000);   // the echo comes back while the client reads nothing
        long held = PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory() - baseline;
        socket.request(Long.MAX_VALUE);

        assertThat((byte[]) messages.next()).isEqualTo(large);
        assertThat(held).as("pooled direct memory the edge held while the client did not read")
                .isLessThan(large.length / 4);
    }

    private static byte[] pattern(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = Backend.pattern(i);
        }
        return bytes;
    }

    /** Collects whole messages (String or byte[]) and how the WebSocket closed. */
    private static final class Messages implements WebSocket.Listener {
        final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        final CompletableFuture<Throwable> error = new CompletableFuture<>();
        volatile String closeReason;
        private final boolean readAtOnce;
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

        /** @param readAtOnce whether to read from the start; else only once the test requests messages */
        Messages(boolean readAtOnce) {
            this.readAtOnce = readAtOnce;
        }

        Object next() {
            try {
                Object message = received.poll(30, TimeUnit.SECONDS);
                if (message == null) {
                    throw new AssertionError("no message within 30 s");
                }
                return message;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            if (readAtOnce) {
                webSocket.request(1);
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                received.add(text.toString());
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            binary.writeBytes(bytes);
            if (last) {
                received.add(binary.toByteArray());
                binary.reset();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeReason = reason;
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable failure) {
            error.complete(failure);
        }
    }
}

package dev.moor.edge;

import dev.moor.snapshot.Endpoint;
import dev.moor.snapshot.RetryPolicy;
import dev.moor.snapshot.Timeouts;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.moor.edge.Snapshots.cluster;
import static dev.moor.edge.Snapshots.route;
import static dev.moor.edge.Snapshots.snapshot;
import static dev.moor.edge.Snapshots.withRetry;
import static dev.moor.edge.Snapshots.withTimeouts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Idle and connect timeouts per route: nothing waits forever, on either side. */
@ExtendWith(NettyLeaks.class)
class TimeoutsTest {
    private static final Timeouts SHORT_IDLE = new Timeouts(Duration.ofMillis(300), Duration.ofSeconds(10),
            Duration.ofMillis(400));

    @RegisterExtension
    final Backend backend = new Backend("app");
    @RegisterExtension
    final Edge edge = new Edge(1);

    private void serve(Timeouts timeouts, Endpoint... endpoints) {
        edge.update(snapshot(List.of(withRetry(withTimeouts(route("all", "/", "app"), timeouts), new RetryPolicy(0, 20, 10))),
                cluster("app", endpoints)));
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    @Test
    void idleClientConnectionIsClosed() throws Exception {
        serve(SHORT_IDLE, backend.endpoint());
        try (RawHttp raw = new RawHttp(edge.port())) {
            assertThat(raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").readResponses(1)).startsWith("HTTP/1.1 200");
            long start = System.nanoTime();

            String rest = raw.readUntilClosed();

            assertThat(rest).as("closed, nothing more sent").isEmpty();
            assertThat(millisSince(start)).isBetween(200L, 3000L);
        }
    }

    @Test
    void upstreamStallingMidResponseCutsTheClientOffAfterTheIdleTimeout() throws Exception {
        backend.respond((request, ctx) -> {
            HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            HttpUtil.setContentLength(head, 100);
            ctx.write(head);
            ctx.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer("first ten.", StandardCharsets.US_ASCII)));
        });
        serve(SHORT_IDLE, backend.endpoint());
        try (RawHttp raw = new RawHttp(edge.port())) {
            long start = System.nanoTime();

            String response = raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").readUntilClosed();

            assertThat(response).startsWith("HTTP/1.1 200").endsWith("first ten.");
            assertThat(millisSince(start)).isBetween(200L, 3000L);
        }
        await().atMost(Duration.ofSeconds(3)).until(() -> backend.connectionsClosed() == 1);
    }

    @Test
    void requestBodyThatStopsArrivingIs408() throws Exception {
        serve(SHORT_IDLE, backend.endpoint());
        try (RawHttp raw = new RawHttp(edge.port())) {
            String response = raw.send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc").readUntilClosed();

            assertThat(response).startsWith("HTTP/1.1 408 ").containsIgnoringCase("connection: close");
        }
    }

    @Test
    void idlePooledUpstreamConnectionsAreClosed() {
        serve(SHORT_IDLE, backend.endpoint());

        assertThat(edge.get("/").statusCode()).isEqualTo(200);

        // The pool sweeps once a second.
        await().atMost(Duration.ofSeconds(4)).until(() -> backend.connectionsClosed() == 1);
        assertThat(edge.get("/").statusCode()).isEqualTo(200);
        assertThat(backend.connectionsAccepted()).isEqualTo(2);
    }

    @Test
    void connectTimeoutIs504() throws Exception {
        // A listener that never accepts, its backlog full: further connection attempts get no answer.
        try (ServerSocket stuck = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> fillers = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    Socket filler = new Socket();
                    try {
                        filler.connect(stuck.getLocalSocketAddress(), 200);
                    } catch (IOException full) {
                        break;
                    }
                    fillers.add(filler);
                }
                serve(SHORT_IDLE, new Endpoint("stuck", new InetSocketAddress("127.0.0.1", stuck.getLocalPort())));
                long start = System.nanoTime();

                var response = edge.get("/");

                assertThat(response.statusCode()).isEqualTo(504);
                assertThat(response.body()).contains("upstream connection timed out");
                assertThat(millisSince(start)).isBetween(250L, 3000L);
            } finally {
                for (Socket filler : fillers) {
                    filler.close();
                }
            }
        }
    }

    @Test
    void localAnswerToHeadHasNoBodyAndKeepsTheConnection() throws Exception {
        edge.update(snapshot(List.of(route("api", "/api", "app")), cluster("app", backend.endpoint())));
        try (RawHttp raw = new RawHttp(edge.port())) {
            String responses = raw.send("HEAD /nothing HTTP/1.1\r\nHost: a\r\n\r\nGET /api HTTP/1.1\r\nHost: a\r\n\r\n")
                    .readUntilEnding("\r\n\r\napp");

            assertThat(responses).startsWith("HTTP/1.1 404 ");
            int second = responses.indexOf("HTTP/1.1 200 ");
            assertThat(second).isPositive();
            assertThat(responses.substring(0, second)).endsWith("\r\n\r\n").doesNotContain("request_id\"");
        }
    }
}

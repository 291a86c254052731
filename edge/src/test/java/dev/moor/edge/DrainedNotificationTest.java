package dev.moor.edge;

import dev.moor.snapshot.EdgeSnapshot;
import dev.moor.snapshot.ForwardingPolicy;

import io.netty.channel.ChannelHandlerContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.moor.edge.Snapshots.cluster;
import static dev.moor.edge.Snapshots.route;
import static dev.moor.edge.Snapshots.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The control plane hears when an endpoint that left the snapshot has no request in flight any more. */
@ExtendWith(NettyLeaks.class)
class DrainedNotificationTest {
    @RegisterExtension
    final Backend old = new Backend("old");
    @RegisterExtension
    final Backend replacement = new Backend("new");
    private final List<String> drained = new CopyOnWriteArrayList<>();
    /** When each report arrived ({@link System#nanoTime}). */
    private final List<Long> drainedAt = new CopyOnWriteArrayList<>();
    private EdgeServer edge;
    private HttpClient client;

    @BeforeEach
    void start() {
        edge = EdgeServer.builder().listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).threads(2)
                .transport(Edge.transportUnderTest())
                .onDrained(id -> {
                    drainedAt.add(System.nanoTime());
                    drained.add(id);
                })
                .build();
        edge.start();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterEach
    void stop() {
        client.close();
        edge.close();
    }

    private EdgeSnapshot only(Backend backend, Duration drainTimeout) {
        return snapshot(List.of(route("all", "/", "app")), new ForwardingPolicy(List.of(), false, drainTimeout),
                cluster("app", backend.endpoint()));
    }

    private EdgeSnapshot both(Duration drainTimeout) {
        return snapshot(List.of(route("all", "/", "app")), new ForwardingPolicy(List.of(), false, drainTimeout),
                cluster("app", old.endpoint(), replacement.endpoint()));
    }

    private CompletableFuture<HttpResponse<String>> send(String path) {
        return client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edge.port() + path)).build(),
                BodyHandlers.ofString());
    }

    /** Holds the response to the first request until {@link #release}. */
    private static final class Held implements Backend.Responder {
        private volatile Backend.Received request;
        private volatile ChannelHandlerContext context;

        @Override
        public void respond(Backend.Received request, ChannelHandlerContext ctx) {
            this.request = request;
            this.context = ctx;
        }

        boolean holding() {
            return context != null;
        }

        void release() {
            context.writeAndFlush(Backend.full(200, "finished", request));
        }
    }

    @Test
    void anEndpointIsReportedRightAfterItsLastRequestCompletes() {
        Held held = new Held();
        old.respond(held);
        edge.update(only(old, Duration.ofSeconds(30)));
        CompletableFuture<HttpResponse<String>> inFlight = send("/slow");
        await().atMost(Duration.ofSeconds(5)).until(held::holding);

        edge.update(only(replacement, Duration.ofSeconds(30)));

        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(drained::isEmpty);
        long released = System.nanoTime();
        held.release();
        assertThat(inFlight.join().body()).isEqualTo("finished");
        await().atMost(Duration.ofSeconds(2)).until(() -> drained.equals(List.of("old")));
        assertThat(Duration.ofNanos(drainedAt.getFirst() - released)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void aRequestThatHangsIsCutAtTheDrainTimeoutAndTheEndpointReported() {
        old.respond(Backend.silent());
        edge.update(only(old, Duration.ofMillis(500)));
        CompletableFuture<HttpResponse<String>> inFlight = send("/hangs");
        await().atMost(Duration.ofSeconds(5)).until(() -> !old.requests().isEmpty());

        long retired = System.nanoTime();
        edge.update(only(replacement, Duration.ofMillis(500)));

        await().atMost(Duration.ofSeconds(3)).until(() -> drained.equals(List.of("old")));
        assertThat(Duration.ofNanos(drainedAt.getFirst() - retired)).isGreaterThanOrEqualTo(Duration.ofMillis(450));
        assertThat(inFlight.join().statusCode()).isEqualTo(502);
    }

    @Test
    void anIdleEndpointIsReportedAtOnceAndOnlyOnce() {
        edge.update(both(Duration.ofSeconds(30)));
        for (int i = 0; i < 6; i++) {
            assertThat(send("/").join().statusCode()).isEqualTo(200);
        }

        edge.update(only(replacement, Duration.ofSeconds(30)));
        await().atMost(Duration.ofSeconds(2)).until(() -> drained.equals(List.of("old")));

        edge.update(only(replacement, Duration.ofSeconds(30)));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).until(() -> drained.size() == 1);
    }

    @Test
    void anEndpointThatComesBackBeforeItDrainedIsNotReportedUntilItLeavesAgain() {
        Held held = new Held();
        old.respond(held);
        edge.update(only(old, Duration.ofSeconds(30)));
        CompletableFuture<HttpResponse<String>> inFlight = send("/slow");
        await().atMost(Duration.ofSeconds(5)).until(held::holding);

        edge.update(only(replacement, Duration.ofSeconds(30)));
        edge.update(both(Duration.ofSeconds(30)));
        held.release();
        assertThat(inFlight.join().body()).isEqualTo("finished");
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(drained::isEmpty);

        edge.update(only(replacement, Duration.ofSeconds(30)));
        await().atMost(Duration.ofSeconds(2)).until(() -> drained.equals(List.of("old")));
    }

    @Test
    void anEndpointStillDrainingWhenTheEdgeClosesIsReportedAsItCloses() {
        old.respond(Backend.silent());
        edge.update(only(old, Duration.ofSeconds(30)));
        CompletableFuture<HttpResponse<String>> inFlight = send("/hangs");
        await().atMost(Duration.ofSeconds(5)).until(() -> !old.requests().isEmpty());
        edge.update(only(replacement, Duration.ofSeconds(1)));
        assertThat(drained).isEmpty();

        edge.close();

        assertThat(drained).as("reported by the time close() returns").containsExactly("old");
        assertThat(inFlight.handle((response, failure) -> true).join()).isTrue();
    }
}

package dev.moor.edge;

import dev.moor.snapshot.EdgeSnapshot;
import dev.moor.snapshot.ForwardingPolicy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static dev.moor.edge.Snapshots.cluster;
import static dev.moor.edge.Snapshots.route;
import static dev.moor.edge.Snapshots.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Endpoints that leave the snapshot take no new requests, finish those in flight, then lose their connections. */
@ExtendWith(NettyLeaks.class)
class DrainingTest {
    @RegisterExtension
    final Backend old = new Backend("old");
    @RegisterExtension
    final Backend replacement = new Backend("new");
    @RegisterExtension
    final Edge edge = new Edge(2);

    private EdgeSnapshot only(Backend backend, Duration drainTimeout) {
        return snapshot(List.of(route("all", "/", "app")), new ForwardingPolicy(List.of(), false, drainTimeout),
                cluster("app", backend.endpoint()));
    }

    @Test
    void slowRequestInFlightToARemovedEndpointCompletes() {
        old.respond(Backend.delayed(Duration.ofMillis(800), Backend.text(200, "old finished")));
        edge.update(only(old, Duration.ofSeconds(10)));

        CompletableFuture<HttpResponse<String>> inFlight = edge.client()
                .sendAsync(HttpRequest.newBuilder(edge.uri("/slow")).build(), BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(5)).until(() -> !old.requests().isEmpty());
        edge.update(only(replacement, Duration.ofSeconds(10)));

        for (int i = 0; i < 5; i++) {
            assertThat(edge.get("/new").body()).isEqualTo("new");
        }
        HttpResponse<String> slow = inFlight.join();
        assertThat(slow.statusCode()).isEqualTo(200);
        assertThat(slow.body()).isEqualTo("old finished");
        assertThat(old.requests()).hasSize(1);
        // Its connection was not pooled again: the drained endpoint keeps none.
        await().atMost(Duration.ofSeconds(5)).until(() -> old.connectionsClosed() == old.connectionsAccepted());
    }

    @Test
    void idleConnectionsOfARemovedEndpointClose() {
        edge.update(only(old, Duration.ofSeconds(10)));
        assertThat(edge.get("/").body()).isEqualTo("old");
        assertThat(old.connectionsClosed()).isZero();

        edge.update(only(replacement, Duration.ofSeconds(10)));

        await().atMost(Duration.ofSeconds(5)).until(() -> old.connectionsClosed() == 1);
        assertThat(edge.get("/").body()).isEqualTo("new");
    }

    @Test
    void requestStillBusyAfterTheDrainTimeoutIsCut() {
        old.respond(Backend.delayed(Duration.ofSeconds(5), Backend.text(200, "too late")));
        edge.update(only(old, Duration.ofMillis(300)));

        long start = System.nanoTime();
        CompletableFuture<HttpResponse<String>> inFlight = edge.client()
                .sendAsync(HttpRequest.newBuilder(edge.uri("/slow")).build(), BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(5)).until(() -> !old.requests().isEmpty());
        edge.update(only(replacement, Duration.ofMillis(300)));

        HttpResponse<String> response = inFlight.join();
        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(replacement.requests()).as("a drained request is not moved to the new snapshot").isEmpty();
    }

    @Test
    void endpointKeptAcrossSnapshotsKeepsItsConnections() {
        edge.update(only(old, Duration.ofSeconds(10)));
        assertThat(edge.get("/").body()).isEqualTo("old");

        edge.update(snapshot(List.of(route("all", "/", "app"), route("more", "/more", "app")),
                cluster("app", old.endpoint())));
        assertThat(edge.get("/more").body()).isEqualTo("old");

        assertThat(old.connectionsAccepted()).isEqualTo(1);
        assertThat(old.connectionsClosed()).isZero();
    }
}

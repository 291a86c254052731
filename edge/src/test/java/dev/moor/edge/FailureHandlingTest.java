package dev.moor.edge;

import dev.moor.snapshot.Balancing;
import dev.moor.snapshot.EdgeSnapshot;
import dev.moor.snapshot.Endpoint;
import dev.moor.snapshot.OutlierDetection;
import dev.moor.snapshot.RetryPolicy;
import dev.moor.snapshot.Timeouts;

import io.micrometer.core.instrument.Counter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static dev.moor.edge.Snapshots.cluster;
import static dev.moor.edge.Snapshots.route;
import static dev.moor.edge.Snapshots.snapshot;
import static dev.moor.edge.Snapshots.withRetry;
import static dev.moor.edge.Snapshots.withTimeouts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(NettyLeaks.class)
class FailureHandlingTest {
    private static final OutlierDetection QUICK_EJECTION =
            new OutlierDetection(3, 3, Duration.ofMillis(500), Duration.ofSeconds(5), 50);

    @RegisterExtension
    final Backend a = new Backend("a");
    @RegisterExtension
    final Backend b = new Backend("b");
    @RegisterExtension
    final Edge edge = new Edge(2);

    /** An address where nothing listens. */
    private static Endpoint dead() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return new Endpoint("dead", new InetSocketAddress("127.0.0.1", socket.getLocalPort()));
        }
    }

    private double counter(String name, String... tags) {
        Counter counter = edge.registry.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void connectFailuresAreRetriedOnAnotherEndpointForAnyMethod() throws IOException {
        edge.update(snapshot(List.of(route("all", "/", "app")),
                cluster("app", Balancing.ROUND_ROBIN, OutlierDetection.DEFAULT, dead(), a.endpoint())));

        int failed = 0;
        for (int i = 0; i < 40; i++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(edge.uri("/" + i));
            if (i % 2 == 0) {
                request.POST(HttpRequest.BodyPublishers.ofString("body " + i));
            }
            if (edge.send(request.build()).statusCode() != 200) {
                failed++;
            }
        }

        assertThat(failed).isZero();
        assertThat(a.requests()).hasSize(40);
        assertThat(a.requests().stream().filter(r -> r.method.equals("POST")).map(Backend.Received::body))
                .contains("body 0", "body 38");
        assertThat(counter("moor.edge.retries", "cluster", "app")).isGreaterThanOrEqualTo(3);
        assertThat(counter("moor.edge.upstream.errors", "cluster", "app", "kind", "connect")).isGreaterThanOrEqualTo(3);
        assertThat(counter("moor.edge.ejections", "cluster", "app")).isEqualTo(1);
        assertThat(edge.accessLog).anySatisfy(entry -> assertThat(entry.attempts()).isEqualTo(2));
    }

    @Test
    void postIsNotRetriedOnceSent() {
        a.respond(Backend.close());
        b.respond(Backend.close());
        edge.update(snapshot(List.of(route("all", "/", "app")), cluster("app", a.endpoint(), b.endpoint())));

        HttpResponse<String> response = edge.send(HttpRequest.newBuilder(edge.uri("/order"))
                .POST(HttpRequest.BodyPublishers.ofString("pay 10")).build());

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).contains("\"request_id\"");
        assertThat(a.requests().size() + b.requests().size()).isEqualTo(1);
    }

    @Test
    void idempotentRequestIsRetriedWhenTheUpstreamClosesBeforeAnswering() {
        a.respond(Backend.close());
        edge.update(snapshot(List.of(route("all", "/", "app")),
                cluster("app", Balancing.ROUND_ROBIN, OutlierDetection.DEFAULT, a.endpoint(), b.endpoint())));

        for (int i = 0; i < 6; i++) {
            HttpResponse<String> response = edge.get("/item");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("b");
        }
        assertThat(a.requests()).isNotEmpty();
    }

    @Test
    void responseHeaderTimeoutAnswers504() {
        a.respond(Backend.silent());
        edge.update(snapshot(List.of(withRetry(withTimeouts(route("all", "/", "app"),
                        new Timeouts(Duration.ofSeconds(1), Duration.ofMillis(300), Duration.ofSeconds(10))),
                new RetryPolicy(0, 20, 10))), cluster("app", a.endpoint())));

        long start = System.nanoTime();
        HttpResponse<String> response = edge.get("/slow");
        long tookMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(response.body()).contains("\"status\":504")
                .contains(response.headers().firstValue("x-request-id").orElseThrow());
        assertThat(tookMillis).isBetween(250L, 3000L);
        assertThat(counter("moor.edge.upstream.errors", "cluster", "app", "kind", "timeout")).isEqualTo(1);
    }

    @Test
    void responseHeaderTimeoutIsRetriedForIdempotentRequests() {
        a.respond(Backend.silent());
        edge.update(snapshot(List.of(withTimeouts(route("all", "/", "app"),
                        new Timeouts(Duration.ofSeconds(1), Duration.ofMillis(300), Duration.ofSeconds(10)))),
                cluster("app", Balancing.ROUND_ROBIN, OutlierDetection.DEFAULT, a.endpoint(), b.endpoint())));

        for (int i = 0; i < 2; i++) {
            HttpResponse<String> response = edge.get("/x");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("b");
        }
    }

    @Test
    void clusterWithoutEndpointsAnswers503() {
        edge.update(snapshot(List.of(route("all", "/", "app")), cluster("app")));

        HttpResponse<String> response = edge.get("/");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("no endpoint serves app");
    }

    @Test
    void invalidUpstreamResponseAnswers502() {
        a.respond(Backend.raw("HELLO THERE\r\n\r\n"));
        edge.update(snapshot(List.of(withRetry(route("all", "/", "app"), new RetryPolicy(0, 20, 10))),
                cluster("app", a.endpoint())));

        HttpResponse<String> response = edge.get("/");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(counter("moor.edge.upstream.errors", "cluster", "app", "kind", "bad_response")).isEqualTo(1);
    }

    @Test
    void upstreamClosingMidResponseCutsTheClientOff() throws Exception {
        a.respond(Backend.thenClose(Backend.raw("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten b")));
        edge.update(snapshot(List.of(route("all", "/", "app")), cluster("app", a.endpoint())));

        try (RawHttp raw = new RawHttp(edge.port())) {
            String response = raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").readUntilClosed();
            assertThat(response).startsWith("HTTP/1.1 200").endsWith("only ten b");
        }
    }

    @Test
    void consecutive5xxEjectAnEndpointUntilItsTimeIsUp() {
        a.respond(Backend.text(500, "broken"));
        edge.update(snapshot(List.of(route("all", "/", "app")),
                cluster("app", Balancing.ROUND_ROBIN, QUICK_EJECTION, a.endpoint(), b.endpoint())));

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            statuses.add(edge.get("/").statusCode());
        }
        assertThat(statuses).containsExactly(500, 200, 500, 200, 500, 200);
        assertThat(counter("moor.edge.ejections", "cluster", "app")).isEqualTo(1);
        assertThat(edge.registry.get("moor.edge.ejected.endpoints").tag("cluster", "app").gauge().value()).isEqualTo(1);

        for (int i = 0; i < 10; i++) {
            assertThat(edge.get("/").body()).as("while a is ejected").isEqualTo("b");
        }

        // The base ejection (500 ms) is up; the gauge reads the ejections at the time it is read.
        await().atMost(Duration.ofSeconds(2)).until(() ->
                edge.registry.get("moor.edge.ejected.endpoints").tag("cluster", "app").gauge().value() == 0);
        int before = a.requests().size();
        for (int i = 0; i < 4; i++) {
            edge.get("/");
        }
        assertThat(a.requests().size()).as("a is back in rotation").isGreaterThan(before);
    }

    @Test
    void ejectionNeverTakesMoreThanItsShareNorTheLastEndpoint() {
        a.respond(Backend.text(500, "a broken"));
        b.respond(Backend.text(500, "b broken"));
        edge.update(snapshot(List.of(route("all", "/", "app")),
                cluster("app", Balancing.ROUND_ROBIN, QUICK_EJECTION, a.endpoint(), b.endpoint())));

        for (int i = 0; i < 30; i++) {
            assertThat(edge.get("/").statusCode()).isEqualTo(500);
            assertThat(edge.registry.get("moor.edge.ejected.endpoints").tag("cluster", "app").gauge().value())
                    .isLessThanOrEqualTo(1);
        }
        assertThat(a.requests().size() + b.requests().size()).isEqualTo(30);
    }

    @Test
    void exhaustedRetryBudgetStopsRetries() throws IOException {
        edge.update(snapshot(List.of(withRetry(route("all", "/", "app"), new RetryPolicy(2, 0, 0))),
                cluster("app", Balancing.ROUND_ROBIN, new OutlierDetection(0, 0, Duration.ofSeconds(1),
                        Duration.ofSeconds(1), 0), dead(), a.endpoint())));

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            statuses.add(edge.get("/").statusCode());
        }

        assertThat(statuses).containsExactly(502, 200, 502, 200);
        assertThat(counter("moor.edge.retries", "cluster", "app")).isZero();
        assertThat(counter("moor.edge.retries.refused", "cluster", "app")).isEqualTo(2);
    }

    @Test
    void theRetryBudgetOutlivesASnapshotUpdate() throws IOException {
        EdgeSnapshot snapshot = snapshot(List.of(withRetry(route("all", "/", "app"), new RetryPolicy(2, 0, 1))),
                cluster("app", Balancing.ROUND_ROBIN, new OutlierDetection(0, 0, Duration.ofSeconds(1),
                        Duration.ofSeconds(1), 0), dead(), a.endpoint()));
        edge.update(snapshot);
        for (int i = 0; i < RetryBudget.WINDOW_SECONDS; i++) {
            assertThat(edge.get("/").statusCode()).isEqualTo(200);
        }

        edge.update(snapshot);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            statuses.add(edge.get("/").statusCode());
        }

        assertThat(statuses).containsExactly(502, 200, 502, 200);
        assertThat(counter("moor.edge.retries", "cluster", "app")).isEqualTo(RetryBudget.WINDOW_SECONDS);
    }

    @Test
    void aReplicaDyingWithManyRequestsInFlightFailsNoneOfThem() throws Exception {
        Backend c = new Backend("c");
        c.start();
        try {
            a.respond(Backend.silent());
            b.respond(Backend.delayed(Duration.ofMillis(300), Backend.text(200, "b")));
            c.respond(Backend.delayed(Duration.ofMillis(300), Backend.text(200, "c")));
            edge.update(snapshot(List.of(route("all", "/", "app")),
                    cluster("app", Balancing.ROUND_ROBIN, OutlierDetection.DEFAULT, a.endpoint(), b.endpoint(), c.endpoint())));

            int concurrent = 45;
            List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
            try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
                for (int i = 0; i < concurrent; i++) {
                    responses.add(client.sendAsync(HttpRequest.newBuilder(edge.uri("/" + i)).build(), BodyHandlers.ofString()));
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> a.requests().size() >= concurrent / 3);
                assertThat(a.requests()).hasSize(concurrent / 3);
                a.stop();

                List<String> failures = new ArrayList<>();
                for (CompletableFuture<HttpResponse<String>> response : responses) {
                    HttpResponse<String> answer = response.get();
                    if (answer.statusCode() != 200) {
                        failures.add(answer.statusCode() + " " + answer.body());
                    }
                }
                assertThat(failures).isEmpty();
            }
            assertThat(counter("moor.edge.retries", "cluster", "app")).isEqualTo(concurrent / 3);
            assertThat(counter("moor.edge.retries.refused", "cluster", "app")).isZero();
        } finally {
            c.stop();
        }
    }

    @Test
    void requestsBeyondTheConnectionLimitWaitForAFreeConnection() throws Exception {
        a.respond(Backend.delayed(Duration.ofMillis(200), Backend.text(200, "a")));
        edge.update(snapshot(List.of(route("all", "/", "app")), Snapshots.withMaxConnections(cluster("app", a.endpoint()), 1)));

        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        List<HttpClient> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            clients.add(client);
            responses.add(client.sendAsync(HttpRequest.newBuilder(edge.uri("/" + i)).build(), BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> response : responses) {
            assertThat(response.get().statusCode()).isEqualTo(200);
        }
        clients.forEach(HttpClient::close);

        // One connection per event loop at most.
        assertThat(a.connectionsAccepted()).isBetween(1, 2);
    }

    @Test
    void waitingLongerThanTheConnectTimeoutAnswers503() throws Exception {
        a.respond(Backend.delayed(Duration.ofMillis(1500), Backend.text(200, "a")));
        try (EdgeServer server = EdgeServer.builder().listen(new InetSocketAddress("127.0.0.1", 0)).threads(1)
                .transport(Edge.transportUnderTest()).build()) {
            server.start();
            server.update(snapshot(List.of(withRetry(withTimeouts(route("all", "/", "app"),
                            new Timeouts(Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(10))),
                            new RetryPolicy(0, 20, 10))),
                    Snapshots.withMaxConnections(cluster("app", a.endpoint()), 1)));
            try (HttpClient first = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                 HttpClient second = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
                java.net.URI uri = java.net.URI.create("http://127.0.0.1:" + server.port() + "/");
                CompletableFuture<HttpResponse<String>> slow = first.sendAsync(HttpRequest.newBuilder(uri).build(),
                        BodyHandlers.ofString());
                // The first request holds the only upstream connection before the second one comes.
                await().atMost(Duration.ofSeconds(5)).until(() -> a.requests().size() == 1);
                HttpResponse<String> waited = second.send(HttpRequest.newBuilder(uri).build(), BodyHandlers.ofString());

                assertThat(waited.statusCode()).isEqualTo(503);
                assertThat(slow.get().statusCode()).isEqualTo(200);
            }
        }
    }
}

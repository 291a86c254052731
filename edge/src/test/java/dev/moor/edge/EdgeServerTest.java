package dev.moor.edge;

import dev.moor.snapshot.Cluster;
import dev.moor.snapshot.Endpoint;
import dev.moor.snapshot.Route;
import dev.moor.snapshot.SnapshotProblem;
import dev.moor.snapshot.Timeouts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static dev.moor.edge.Snapshots.cluster;
import static dev.moor.edge.Snapshots.route;
import static dev.moor.edge.Snapshots.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@ExtendWith(NettyLeaks.class)
class EdgeServerTest {
    @RegisterExtension
    final Backend backend = new Backend("app");

    private static EdgeServer server() {
        return EdgeServer.builder().listen(new InetSocketAddress("127.0.0.1", 0)).threads(2)
                .transport(Edge.transportUnderTest()).build();
    }

    @Test
    void takenPortIsReportedWithTheAddress() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
             EdgeServer server = EdgeServer.builder()
                     .listen(new InetSocketAddress("127.0.0.1", taken.getLocalPort())).threads(1)
                     .transport(Edge.transportUnderTest()).build()) {
            assertThatThrownBy(server::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("edge: cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": Address already in use");
        }
    }

    @Test
    void builderChecksItsSettings() {
        assertThatThrownBy(() -> EdgeServer.builder().threads(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("threads: 0 (expected: > 0)");
        assertThatThrownBy(() -> EdgeServer.builder().handoffTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("handoffTimeout: PT0S (expected: > 0s)");
        assertThatThrownBy(() -> server().port())
                .isInstanceOf(IllegalStateException.class).hasMessage("edge: not listening (call start() first)");
    }

    @Test
    void anEdgeWithoutAFixedAddressListensOnlyOnTheSnapshotsPorts() {
        try (EdgeServer server = EdgeServer.builder().threads(1).transport(Edge.transportUnderTest()).build()) {
            server.start();
            assertThat(server.boundPorts()).isEmpty();
            assertThatThrownBy(server::port).isInstanceOf(IllegalStateException.class)
                    .hasMessage("edge: no fixed listener (expected: listen(address) on the builder)");
        }
    }

    @Test
    void everyEventLoopAcceptsOnTheSamePort() throws Exception {
        try (EdgeServer server = server()) {
            server.start();
            server.update(Snapshots.single(backend));
            HttpClient[] clients = new HttpClient[8];
            for (int i = 0; i < clients.length; i++) {
                clients[i] = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                HttpResponse<String> response = clients[i].send(HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + server.port() + "/")).build(), BodyHandlers.ofString());
                assertThat(response.body()).isEqualTo("app");
            }
            for (HttpClient client : clients) {
                client.close();
            }
        }
    }

    @Test
    void brokenPartsOfASnapshotAreReportedAndTheRestServes() throws Exception {
        Route unknownCluster = route("ghost", "/ghost", "nowhere");
        Route zeroTimeout = Snapshots.withTimeouts(route("rushed", "/rushed", "app"),
                new Timeouts(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1)));
        Cluster noConnections = Snapshots.withMaxConnections(cluster("tight", backend.endpoint()), 0);
        Cluster unresolvable = cluster("far", new Endpoint("far", InetSocketAddress.createUnresolved("no-such-host.invalid", 80)));
        try (EdgeServer server = server()) {
            server.start();
            List<SnapshotProblem> problems = server.update(snapshot(
                    List.of(route("ok", "/", "app"), unknownCluster, zeroTimeout, route("tight", "/tight", "tight"),
                            route("dup", "/", "app")),
                    cluster("app", backend.endpoint()), noConnections, unresolvable));

            assertThat(problems).extracting(SnapshotProblem::render).containsExactlyInAnyOrder(
                    "clusters.tight: maxConnectionsPerEndpoint: 0 (expected: > 0)",
                    "clusters.far.endpoints[0]: address: no-such-host.invalid/<unresolved>:80 (expected: a resolvable host and a port)",
                    "rushed: timeouts.connect: PT0S (expected: > 0s)",
                    "ghost: backend nowhere: no such cluster",
                    "tight: backend tight: no such cluster",
                    "dup: duplicates ok (same host, path prefix, methods and headers)");
            try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
                java.net.URI base = java.net.URI.create("http://127.0.0.1:" + server.port());
                assertThat(client.send(HttpRequest.newBuilder(base.resolve("/ghost")).build(), BodyHandlers.ofString())
                        .body()).isEqualTo("app");
            }
        }
    }

    @Test
    void closeLetsTheRequestInFlightFinishThenRefusesConnections() throws Exception {
        backend.respond(Backend.delayed(Duration.ofMillis(500), Backend.text(200, "finished")));
        EdgeServer server = server();
        server.start();
        server.update(Snapshots.single(backend));
        int port = server.port();
        java.net.URI uri = java.net.URI.create("http://127.0.0.1:" + port + "/");
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(HttpRequest.newBuilder(uri).build(),
                    BodyHandlers.ofString());
            await().atMost(Duration.ofSeconds(5)).until(() -> !backend.requests().isEmpty());

            server.close();

            HttpResponse<String> response = inFlight.join();
            assertThat(response.body()).isEqualTo("finished");
            assertThat(response.headers().firstValue("connection")).isEqualTo(Optional.of("close"));
            assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(uri).build(), BodyHandlers.ofString()))
                    .isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void aRouteGetsItsMetersWithItsFirstRequestAndKeepsThemAcrossSnapshots() {
        Edge edge = new Edge(2);
        edge.beforeEach(null);
        try {
            List<Route> routes = List.of(route("shop", "/shop", "app"), route("idle", "/idle", "app"));
            edge.update(snapshot(routes, cluster("app", backend.endpoint())));
            assertThat(edge.registry.find("moor.edge.requests").tag("route", "shop").counters()).isEmpty();

            assertThat(edge.get("/shop").statusCode()).isEqualTo(200);
            edge.update(snapshot(routes, cluster("app", backend.endpoint())));
            assertThat(edge.get("/shop").statusCode()).isEqualTo(200);

            edge.server().publishMeters();
            assertThat(edge.registry.get("moor.edge.requests").tags("route", "shop", "status_class", "2xx")
                    .counter().count()).isEqualTo(2);
            assertThat(edge.registry.get("moor.edge.request.duration").tags("route", "shop").timer().count())
                    .isEqualTo(2);
            assertThat(edge.registry.find("moor.edge.requests").tag("route", "idle").counters()).isEmpty();
            assertThat(edge.registry.find("moor.edge.requests.in.flight").tag("route", "idle").gauges()).isEmpty();
        } finally {
            edge.afterEach(null);
        }
    }

    @Test
    void everyRequestIsLoggedAndCounted() {
        Edge edge = new Edge(1);
        edge.beforeEach(null);
        try {
            edge.update(snapshot(List.of(route("shop", "/shop", "app")), cluster("app", backend.endpoint())));
            HttpResponse<String> ok = edge.send(HttpRequest.newBuilder(edge.uri("/shop/cart?id=3"))
                    .POST(HttpRequest.BodyPublishers.ofString("12345")).build());
            edge.get("/none");
            // An exchange is logged once its response is written: the client may see the answer first.
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(edge.accessLog).hasSize(2));

            AccessLogEntry entry = edge.accessLog.getFirst();
            assertThat(entry.method()).isEqualTo("POST");
            assertThat(entry.host()).isEqualTo("127.0.0.1:" + edge.port());
            assertThat(entry.path()).isEqualTo("/shop/cart?id=3");
            assertThat(entry.protocol()).isEqualTo("HTTP/1.1");
            assertThat(entry.status()).isEqualTo(200);
            assertThat(entry.bytesIn()).isEqualTo(5);
            assertThat(entry.bytesOut()).isEqualTo(3);
            assertThat(entry.route()).isEqualTo("shop");
            assertThat(entry.upstream()).isEqualTo("app");
            assertThat(entry.attempts()).isEqualTo(1);
            assertThat(entry.upstreamMicros()).isNotNegative();
            assertThat(entry.durationMicros()).isGreaterThanOrEqualTo(entry.upstreamMicros());
            assertThat(entry.requestId()).isEqualTo(ok.headers().firstValue("x-request-id").orElseThrow());
            assertThat(entry.timeMillis()).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(10_000L));
            AccessLogEntry unmatched = edge.accessLog.get(1);
            assertThat(unmatched.status()).isEqualTo(404);
            assertThat(unmatched.route()).isEmpty();
            assertThat(unmatched.upstream()).isEmpty();
            assertThat(unmatched.upstreamMicros()).isEqualTo(-1);

            edge.server().publishMeters();
            assertThat(edge.registry.get("moor.edge.requests").tags("route", "shop", "status_class", "2xx")
                    .counter().count()).isEqualTo(1);
            assertThat(edge.registry.get("moor.edge.requests").tags("route", "unmatched", "status_class", "4xx")
                    .counter().count()).isEqualTo(1);
            assertThat(edge.registry.get("moor.edge.upstream.duration").tags("cluster", "app").timer().count())
                    .isEqualTo(1);
            assertThat(edge.registry.get("moor.edge.requests.in.flight").tags("route", "shop").gauge().value()).isZero();
        } finally {
            edge.afterEach(null);
        }
    }
}

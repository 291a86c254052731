package dev.moor.edge.agent;

import dev.moor.snapshot.Balancing;
import dev.moor.snapshot.Cluster;
import dev.moor.snapshot.EdgeSnapshot;
import dev.moor.snapshot.Endpoint;
import dev.moor.snapshot.ForwardingPolicy;
import dev.moor.snapshot.OutlierDetection;
import dev.moor.snapshot.RetryPolicy;
import dev.moor.snapshot.Route;
import dev.moor.snapshot.SnapshotProblem;
import dev.moor.snapshot.Timeouts;
import dev.moor.snapshot.WeightedCluster;
import dev.moor.snapshot.channel.Ack;
import dev.moor.snapshot.channel.ChannelProtocol;
import dev.moor.snapshot.channel.ClusterFigures;
import dev.moor.snapshot.channel.EdgeSettings;
import dev.moor.snapshot.channel.Figures;
import dev.moor.snapshot.channel.Hello;
import dev.moor.snapshot.channel.Snapshot;
import dev.moor.snapshot.channel.Welcome;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The figures the edge sends the server, over a channel spoken by hand. */
class AgentFiguresTest {
    private static final List<Long> BOUNDS = List.of(1L, 5L, 10L, 25L, 50L, 100L, 250L, 500L, 1000L, 2500L, 5000L,
            10000L, 30000L);

    @TempDir
    Path dir;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : toClose.reversed()) {
            closeable.close();
        }
    }

    private FakeServer server() throws Exception {
        FakeServer server = new FakeServer(dir.resolve("run/edge.sock"), dir.resolve("run/edge.token"), "the-token");
        toClose.add(server);
        return server;
    }

    private static ClusterFigures figures(long responses, long serverErrors, long failedAttempts, long... atMost) {
        List<Long> counts = new ArrayList<>();
        for (long count : atMost) {
            counts.add(count);
        }
        return new ClusterFigures(responses, serverErrors, failedAttempts, BOUNDS, counts);
    }

    @Test
    void theEdgeSendsTheCountsOfWhatItsClustersAnsweredEverySecond() throws Exception {
        HttpServer backend = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        backend.createContext("/", exchange -> {
            int status = exchange.getRequestURI().getPath().startsWith("/fail") ? 503 : 200;
            byte[] body = "shop".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        backend.start();
        toClose.add(() -> backend.stop(0));
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        FakeServer server = server();
        EdgeProcess edge = EdgeProcess.start(new EdgeSettings("edge-1", 1, EdgeSettings.TRANSPORT_AUTO, "127.0.0.1",
                Optional.of(0), 0, EdgeSettings.ACCESS_LOG_OFF, dir.resolve("run/edge.sock").toString(),
                dir.resolve("run/edge.token").toString(), dir.resolve("state").toString(), Optional.empty(),
                        EdgeSettings.TLS_AUTO),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        toClose.add(edge);
        FakeServer.Connection connection = server.accept();
        connection.read(Hello.class);
        connection.send(new Welcome(ChannelProtocol.VERSION, "moor test", Duration.ofSeconds(30)))
                .send(new Snapshot(snapshot(backend.getAddress().getPort(), closedPort)));
        assertThat(connection.read(Ack.class).problems()).isEmpty();

        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            for (String path : List.of("/a", "/b", "/c", "/fail/1", "/d", "/fail/2", "/e", "/down")) {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + edge.port() + path)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(path.startsWith("/fail") ? 503
                        : path.equals("/down") ? 502 : 200);
            }
        }

        // A message sent while the requests were made counts fewer; every later one counts them all.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Map<String, ClusterFigures> clusters = connection.read(Figures.class).clusters();
            assertThat(clusters).containsOnlyKeys("shop/web", "shop/down");
            ClusterFigures web = clusters.get("shop/web");
            assertThat(web.responses()).isEqualTo(7);
            assertThat(web.serverErrors()).isEqualTo(2);
            assertThat(web.failedAttempts()).isZero();
            assertThat(web.boundsMillis()).isEqualTo(BOUNDS);
            assertThat(web.atMost()).isSorted().hasSize(BOUNDS.size()).last().isEqualTo(7L);
            assertThat(clusters.get("shop/down")).isEqualTo(figures(0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        });
    }

    private static EdgeSnapshot snapshot(int backendPort, int closedPort) {
        Route web = new Route("shop/routes[0]", Optional.empty(), "/", Set.of(), Map.of(), Optional.empty(),
                List.of(new WeightedCluster("shop/web", 1)), Timeouts.DEFAULT, RetryPolicy.DEFAULT);
        Route down = new Route("shop/routes[1]", Optional.empty(), "/down", Set.of(), Map.of(), Optional.empty(),
                List.of(new WeightedCluster("shop/down", 1)), Timeouts.DEFAULT, new RetryPolicy(0, 20, 10));
        return new EdgeSnapshot(1, List.of(web, down), Map.of(
                "shop/web", cluster("shop/web", "shop-web-0", backendPort),
                "shop/down", cluster("shop/down", "shop-down-0", closedPort)), ForwardingPolicy.DEFAULT);
    }

    private static Cluster cluster(String name, String endpoint, int port) {
        return new Cluster(name, List.of(new Endpoint(endpoint, new InetSocketAddress(InetAddress.getLoopbackAddress(),
                port))), Balancing.ROUND_ROBIN, OutlierDetection.DEFAULT, 16);
    }

    @Test
    void figuresAreSentOnlyWhenTheyChanged() throws Exception {
        ClusterFigures idle = figures(5, 0, 0, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5);
        Figures first = new Figures(Map.of("shop/web", figures(1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1),
                "shop/api", idle));
        ClusterFigures busier = figures(3, 1, 0, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3);
        Figures second = new Figures(Map.of("shop/web", busier, "shop/api", idle));
        AtomicReference<Figures> current = new AtomicReference<>(new Figures(Map.of()));
        AtomicInteger reads = new AtomicInteger();
        FakeServer server = server();
        EdgeAgent agent = EdgeAgent.builder()
                .socket(dir.resolve("run/edge.sock"))
                .tokenFile(dir.resolve("run/edge.token"))
                .stateDirectory(dir.resolve("state"))
                .edgeId("host-1")
                .target(snapshot -> List.<SnapshotProblem>of())
                .reports(report -> { })
                .figures(() -> {
                    reads.incrementAndGet();
                    return current.get();
                })
                .build();
        toClose.add(agent);
        agent.start();
        FakeServer.Connection connection = server.accept();
        connection.read(Hello.class);
        connection.send(new Welcome(ChannelProtocol.VERSION, "moor test", Duration.ofSeconds(30)));

        // Nothing measured yet: nothing sent, though the figures were read.
        await().atMost(Duration.ofSeconds(10)).until(() -> reads.get() >= 2);
        current.set(first);
        assertThat(connection.read(Figures.class)).isEqualTo(first);
        int readAfterFirst = reads.get();
        await().atMost(Duration.ofSeconds(10)).until(() -> reads.get() >= readAfterFirst + 2);
        current.set(second);

        // Had the unchanged figures been sent again, the next message would be them; the idle cluster is left out.
        assertThat(connection.read(Figures.class)).isEqualTo(new Figures(Map.of("shop/web", busier)));
    }
}

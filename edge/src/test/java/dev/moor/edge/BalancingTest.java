package dev.moor.edge;

import dev.moor.snapshot.Balancing;
import dev.moor.snapshot.OutlierDetection;
import dev.moor.snapshot.WeightedCluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.moor.edge.Snapshots.cluster;
import static dev.moor.edge.Snapshots.route;
import static dev.moor.edge.Snapshots.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(NettyLeaks.class)
class BalancingTest {
    @RegisterExtension
    final Backend a = new Backend("a");
    @RegisterExtension
    final Backend b = new Backend("b");
    @RegisterExtension
    final Backend c = new Backend("c");
    @RegisterExtension
    final Edge edge = new Edge(2);

    @Test
    void powerOfTwoChoicesSpreadsSequentialRequests() {
        edge.update(snapshot(List.of(route("all", "/", "app")),
                cluster("app", Balancing.POWER_OF_TWO_CHOICES, OutlierDetection.DEFAULT, a.endpoint(), b.endpoint(), c.endpoint())));

        for (int i = 0; i < 300; i++) {
            assertThat(edge.get("/").statusCode()).isEqualTo(200);
        }

        // 100 each expected; 60 is more than 4 standard deviations below.
        assertThat(a.requests().size()).isGreaterThan(60);
        assertThat(b.requests().size()).isGreaterThan(60);
        assertThat(c.requests().size()).isGreaterThan(60);
    }

    @Test
    void powerOfTwoChoicesAvoidsTheEndpointWithMoreRequestsInFlight() throws Exception {
        a.respond(Backend.delayed(Duration.ofMillis(300), Backend.text(200, "a")));
        edge.update(snapshot(List.of(route("all", "/", "app")),
                cluster("app", Balancing.POWER_OF_TWO_CHOICES, OutlierDetection.DEFAULT, a.endpoint(), b.endpoint())));

        int clients = 8;
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                done.add(pool.submit(() -> {
                    try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
                        for (int r = 0; r < 10; r++) {
                            assertThat(client.send(HttpRequest.newBuilder(edge.uri("/")).build(), BodyHandlers.ofString())
                                    .statusCode()).isEqualTo(200);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        }

        assertThat(a.requests().size() + b.requests().size()).isEqualTo(80);
        assertThat(b.requests().size()).isGreaterThan(3 * a.requests().size());
    }

    @Test
    void roundRobinTakesTurnsAcrossEventLoops() {
        edge.update(snapshot(List.of(route("all", "/", "app")),
                cluster("app", Balancing.ROUND_ROBIN, OutlierDetection.DEFAULT, a.endpoint(), b.endpoint(), c.endpoint())));

        for (int i = 0; i < 90; i++) {
            assertThat(edge.get("/").statusCode()).isEqualTo(200);
        }

        assertThat(a.requests()).hasSize(30);
        assertThat(b.requests()).hasSize(30);
        assertThat(c.requests()).hasSize(30);
    }

    @Test
    void routeBackendsShareRequestsByWeight() {
        edge.update(snapshot(List.of(Snapshots.withBackends(route("all", "/", "stable"),
                        new WeightedCluster("stable", 3), new WeightedCluster("canary", 1))),
                cluster("stable", a.endpoint()), cluster("canary", b.endpoint())));

        for (int i = 0; i < 400; i++) {
            assertThat(edge.get("/").statusCode()).isEqualTo(200);
        }

        // 300 / 100 expected; the bounds are more than 5 standard deviations away.
        assertThat(a.requests().size()).isBetween(255, 345);
        assertThat(a.requests().size() + b.requests().size()).isEqualTo(400);
    }
}

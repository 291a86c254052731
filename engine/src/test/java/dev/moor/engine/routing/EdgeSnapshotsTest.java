package dev.moor.engine.routing;

import dev.moor.edge.Balancing;
import dev.moor.edge.EdgeSnapshot;
import dev.moor.edge.Endpoint;
import dev.moor.edge.Route;
import dev.moor.edge.WeightedCluster;
import dev.moor.engine.controller.AppStatus;
import dev.moor.engine.reconciler.ReplicaHealth;
import dev.moor.spec.AppSpec;
import dev.moor.spec.EdgeSpec;
import dev.moor.spec.ExternalServiceSpec;
import dev.moor.spec.ResourcesSpec;
import dev.moor.spec.RouteSpec;
import dev.moor.spec.ServiceSpec;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class EdgeSnapshotsTest {
    private static final ServiceSpec WEB = new ServiceSpec("web", Optional.of("web:1"), Optional.empty(), 2, Optional.of(8080),
            "127.0.0.1", List.of(), Map.of(), List.of(), List.of(), ResourcesSpec.defaults(), List.of(), Optional.empty(),
            Duration.ofSeconds(1));

    private static AppSpec spec(List<RouteSpec> routes, EdgeSpec edge) {
        return new AppSpec(Path.of("/app/moor.yaml"), "shop", Map.of("web", WEB),
                Map.of("legacy", new ExternalServiceSpec("legacy", List.of(new ExternalServiceSpec.HostPort("10.0.0.5", 80)), Optional.empty())),
                routes, edge);
    }

    private static AppStatus.ReplicaStatus replica(String name, ReplicaHealth health, String endpoint) {
        return new AppStatus.ReplicaStatus("web", 0, "abc", name, "running", health, endpoint, 1, true, null);
    }

    private static AppStatus status(List<AppStatus.ReplicaStatus> replicas, List<AppStatus.ExternalStatus> externals) {
        return new AppStatus("shop", 1, List.of(
                new AppStatus.ServiceStatus("web", 2, 2, 1, "web:1", List.of()),
                new AppStatus.ServiceStatus("legacy", 1, 1, 1, "external", List.of())), replicas, externals);
    }

    @Test
    void onlyHealthyReplicasAndServersBecomeEndpoints() {
        AppStatus status = status(List.of(replica("shop-web-0-a", ReplicaHealth.HEALTHY, "127.0.0.1:32768"),
                        replica("shop-web-1-b", ReplicaHealth.STARTING, "127.0.0.1:32769"),
                        replica("shop-web-2-c", ReplicaHealth.STOPPING, "127.0.0.1:32770")),
                List.of(new AppStatus.ExternalStatus("legacy", "10.0.0.5:80", "10.0.0.5:80", ReplicaHealth.HEALTHY)));
        EdgeSnapshot snapshot = EdgeSnapshots.of(3, spec(List.of(RouteSpec.to(Optional.empty(), "/", "web", false)),
                EdgeSpec.listening(Optional.of(8080))), status);

        assertThat(snapshot.version()).isEqualTo(3);
        assertThat(snapshot.clusters().get("web").endpoints())
                .containsExactly(new Endpoint("shop-web-0-a", new InetSocketAddress("127.0.0.1", 32768)));
        assertThat(snapshot.clusters().get("legacy").endpoints())
                .containsExactly(new Endpoint("10.0.0.5:80", new InetSocketAddress("10.0.0.5", 80)));
        assertThat(snapshot.clusters().get("web").balancing()).isEqualTo(Balancing.POWER_OF_TWO_CHOICES);
    }

    @Test
    void routesCarryTheirConditionsRewritesWeightsTimeoutsAndRetries() {
        RouteSpec weighted = new RouteSpec(Optional.of("*.example.com"), "/api", Set.of("GET"), Map.of("x-canary", "1"),
                List.of(new RouteSpec.BackendSpec("web", 90), new RouteSpec.BackendSpec("legacy", 10)), false,
                Optional.of("/v2"), new RouteSpec.Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3)), 4);
        EdgeSpec edge = new EdgeSpec(Optional.of(8080), Optional.of(2), EdgeSpec.Transport.AUTO, EdgeSpec.Balancing.ROUND_ROBIN, "off",
                Optional.empty(),
                List.of("10.0.0.0/8"), true, Duration.ofSeconds(7));
        EdgeSnapshot snapshot = EdgeSnapshots.of(1, spec(List.of(RouteSpec.to(Optional.empty(), "/shop", "web", true), weighted), edge),
                status(List.of(), List.of()));

        Route strip = snapshot.routes().get(0);
        assertThat(strip.id()).isEqualTo("routes[0]");
        assertThat(strip.rewritePrefix()).contains("/");
        Route api = snapshot.routes().get(1);
        assertThat(api.id()).isEqualTo("routes[1]");
        assertThat(api.host()).contains("*.example.com");
        assertThat(api.methods()).containsExactly("GET");
        assertThat(api.headers()).containsEntry("x-canary", "1");
        assertThat(api.rewritePrefix()).contains("/v2");
        assertThat(api.backends()).containsExactly(new WeightedCluster("web", 90), new WeightedCluster("legacy", 10));
        assertThat(api.timeouts().responseHeader()).isEqualTo(Duration.ofSeconds(2));
        assertThat(api.retry().maxRetries()).isEqualTo(4);
        assertThat(snapshot.clusters().get("web").balancing()).isEqualTo(Balancing.ROUND_ROBIN);
        assertThat(snapshot.forwarding().trustedProxies()).containsExactly("10.0.0.0/8");
        assertThat(snapshot.forwarding().translateCloudFront()).isTrue();
        assertThat(snapshot.forwarding().drainTimeout()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void theFeedSendsOnlyChangesWithGrowingVersions() {
        List<EdgeSnapshot> sent = new ArrayList<>();
        AppSpec spec = spec(List.of(RouteSpec.to(Optional.empty(), "/", "web", false)), EdgeSpec.listening(Optional.of(8080)));
        EdgeFeed feed = new EdgeFeed(() -> spec, sent::add);
        AppStatus one = status(List.of(replica("a", ReplicaHealth.HEALTHY, "127.0.0.1:1000")), List.of());
        AppStatus two = status(List.of(replica("a", ReplicaHealth.HEALTHY, "127.0.0.1:1000"),
                replica("b", ReplicaHealth.HEALTHY, "127.0.0.1:1001")), List.of());

        feed.accept(one);
        feed.accept(one);
        feed.accept(two);
        feed.accept(status(List.of(replica("a", ReplicaHealth.HEALTHY, "127.0.0.1:1000"),
                replica("b", ReplicaHealth.STARTING, "127.0.0.1:1001")), List.of()));

        assertThat(sent).extracting(EdgeSnapshot::version).containsExactly(1L, 2L, 3L);
        assertThat(sent.get(1).clusters().get("web").endpoints()).hasSize(2);
        assertThat(sent.get(2).clusters().get("web").endpoints()).hasSize(1);
        assertThat(feed.last()).isSameAs(sent.get(2));
    }

    @Test
    void theFeedBuildsRoutesOncePerSpecAndAgainWhenTheSpecChanges() {
        List<EdgeSnapshot> sent = new ArrayList<>();
        AppSpec[] spec = {spec(List.of(RouteSpec.to(Optional.empty(), "/", "web", false)), EdgeSpec.listening(Optional.of(8080)))};
        EdgeFeed feed = new EdgeFeed(() -> spec[0], sent::add);
        AppStatus one = status(List.of(replica("a", ReplicaHealth.HEALTHY, "127.0.0.1:1000")), List.of());
        AppStatus two = status(List.of(replica("b", ReplicaHealth.HEALTHY, "127.0.0.1:1001")), List.of());

        feed.accept(one);
        feed.accept(two);
        spec[0] = spec(List.of(RouteSpec.to(Optional.empty(), "/shop", "web", true)), EdgeSpec.listening(Optional.of(8080)));
        feed.accept(two);

        assertThat(sent).hasSize(3);
        assertThat(sent.get(1).routes()).isSameAs(sent.get(0).routes());
        assertThat(sent.get(2).routes()).singleElement().satisfies(route -> {
            assertThat(route.pathPrefix()).isEqualTo("/shop");
            assertThat(route.rewritePrefix()).contains("/");
        });
        assertThat(sent.get(2).clusters()).isEqualTo(sent.get(1).clusters());
    }
}

package dev.moor.edge;

import dev.moor.snapshot.EdgeSnapshot;
import dev.moor.snapshot.Route;
import dev.moor.snapshot.SnapshotProblem;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.moor.edge.HandoffTest.freePort;
import static dev.moor.edge.HandoffTest.get;
import static dev.moor.edge.Snapshots.cluster;
import static dev.moor.edge.Snapshots.onPort;
import static dev.moor.edge.Snapshots.route;
import static dev.moor.edge.Snapshots.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The edge listens on the ports the snapshot's routes name, and routes each connection among its port's routes. */
@ExtendWith(NettyLeaks.class)
class SnapshotPortsTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @RegisterExtension
    final Backend shop = new Backend("shop");
    @RegisterExtension
    final Backend blog = new Backend("blog");
    @RegisterExtension
    final Backend health = new Backend("health");
    private final List<EdgeServer> edges = new ArrayList<>();

    @AfterEach
    void closeEdges() {
        edges.forEach(EdgeServer::close);
    }

    private EdgeServer edge(boolean fixed) {
        EdgeServerBuilder builder = EdgeServer.builder().threads(2).transport(Edge.transportUnderTest()).bindAddress(LOOPBACK);
        if (fixed) {
            builder.listen(new InetSocketAddress(LOOPBACK, 0));
        }
        EdgeServer server = builder.build();
        edges.add(server);
        return server;
    }

    private EdgeSnapshot twoSites(int shopPort, int blogPort) {
        List<Route> routes = List.of(onPort(route("shop", "/", "shop"), shopPort), onPort(route("blog", "/", "blog"), blogPort),
                route("health", "/health", "health"));
        return snapshot(routes, cluster("shop", shop.endpoint()), cluster("blog", blog.endpoint()),
                cluster("health", health.endpoint()));
    }

    @Test
    void eachPortServesItsOwnRoutesAndTheRoutesOfEveryPort() throws IOException {
        int shopPort = freePort();
        int blogPort = freePort();
        EdgeServer edge = edge(true);
        edge.start();
        assertThat(edge.update(twoSites(shopPort, blogPort))).isEmpty();

        assertThat(edge.boundPorts()).containsExactlyInAnyOrder(shopPort, blogPort);
        assertThat(get(shopPort, "/cart")).isEqualTo("shop");
        assertThat(get(blogPort, "/post")).isEqualTo("blog");
        assertThat(get(shopPort, "/health")).isEqualTo("health");
        assertThat(get(blogPort, "/health")).isEqualTo("health");
        assertThat(get(edge.port(), "/health")).isEqualTo("health");
        assertThat(get(edge.port(), "/cart")).as("the fixed port serves only the routes of every port")
                .contains("no route for this host and path");
    }

    @Test
    void portsThatLeaveTheSnapshotStopListening() throws IOException {
        int shopPort = freePort();
        int blogPort = freePort();
        EdgeServer edge = edge(false);
        edge.start();
        edge.update(twoSites(shopPort, blogPort));
        assertThat(get(blogPort, "/")).isEqualTo("blog");

        edge.update(snapshot(List.of(onPort(route("shop", "/", "shop"), shopPort)), cluster("shop", shop.endpoint())));

        assertThat(edge.boundPorts()).containsExactly(shopPort);
        assertThatThrownBy(() -> get(blogPort, "/")).isInstanceOf(ConnectException.class);
        assertThat(get(shopPort, "/")).isEqualTo("shop");
    }

    @Test
    void theMiddleOfThreePortsLeavingClosesItAndNoOther() throws IOException {
        int[] ports = {freePort(), freePort(), freePort()};
        Arrays.sort(ports);
        EdgeServer edge = edge(false);
        edge.start();
        edge.update(snapshot(List.of(onPort(route("a", "/", "shop"), ports[0]), onPort(route("b", "/", "blog"), ports[1]),
                onPort(route("c", "/", "health"), ports[2])), cluster("shop", shop.endpoint()),
                cluster("blog", blog.endpoint()), cluster("health", health.endpoint())));

        edge.update(snapshot(List.of(onPort(route("a", "/", "shop"), ports[0]), onPort(route("c", "/", "health"),
                ports[2])), cluster("shop", shop.endpoint()), cluster("health", health.endpoint())));

        assertThat(edge.boundPorts()).containsExactly(ports[0], ports[2]);
        assertThatThrownBy(() -> get(ports[1], "/")).isInstanceOf(ConnectException.class);
        assertThat(get(ports[0], "/")).isEqualTo("shop");
        assertThat(get(ports[2], "/")).as("the port after it in order").isEqualTo("health");
    }

    @Test
    void aPortInUseIsAProblemAndTheOthersServe() throws IOException {
        int blogPort = freePort();
        EdgeServer edge = edge(false);
        edge.start();
        int shopPort;
        try (ServerSocket taken = new ServerSocket(0, 50, LOOPBACK)) {
            shopPort = taken.getLocalPort();
            List<SnapshotProblem> problems = edge.update(twoSites(shopPort, blogPort));

            assertThat(problems).extracting(SnapshotProblem::render)
                    .containsExactly("listeners." + shopPort + ": Address already in use");
            assertThat(edge.boundPorts()).containsExactly(blogPort);
            assertThat(get(blogPort, "/")).isEqualTo("blog");
        }
        assertThat(edge.update(twoSites(shopPort, blogPort))).as("the next update binds it").isEmpty();
        assertThat(get(shopPort, "/")).isEqualTo("shop");
    }

    @Test
    void aSnapshotGivenBeforeStartIsListenedOnFromTheStart() throws IOException {
        int shopPort = freePort();
        int blogPort = freePort();
        EdgeServer edge = edge(false);
        edge.update(twoSites(shopPort, blogPort));
        assertThat(edge.boundPorts()).isEmpty();

        edge.start();

        assertThat(edge.boundPorts()).containsExactlyInAnyOrder(shopPort, blogPort);
        assertThat(get(shopPort, "/")).isEqualTo("shop");
    }

    @Test
    void theFixedListenersPortIsNotBoundTwice() throws IOException {
        EdgeServer edge = edge(true);
        edge.start();
        int fixed = edge.port();
        int blogPort = freePort();

        assertThat(edge.update(twoSites(fixed, blogPort))).isEmpty();

        assertThat(edge.boundPorts()).containsExactlyInAnyOrder(fixed, blogPort);
        assertThat(get(fixed, "/")).as("the fixed port serves the routes that name it").isEqualTo("shop");
    }

    @Test
    void aClosedEdgeListensNowhere() throws IOException {
        int shopPort = freePort();
        EdgeServer edge = edge(false);
        edge.start();
        edge.update(twoSites(shopPort, freePort()));
        edge.close();

        assertThat(edge.boundPorts()).isEmpty();
        assertThatThrownBy(() -> get(shopPort, "/")).isInstanceOf(ConnectException.class);
        assertThat(edge.update(twoSites(shopPort, freePort()))).as("a closed edge binds nothing").isEmpty();
        assertThatThrownBy(() -> get(shopPort, "/")).isInstanceOf(ConnectException.class);
    }
}

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The agent with no server to talk to: what it serves comes from its state directory alone. */
class AgentStateTest {
    @TempDir
    Path dir;

    private final List<EdgeSnapshot> applied = new CopyOnWriteArrayList<>();
    private final List<String> reports = new CopyOnWriteArrayList<>();
    private EdgeAgent agent;

    static EdgeSnapshot snapshot(long version, int port) {
        Route route = new Route("shop/routes[0]", Optional.empty(), "/", Set.of(), Map.of(), Optional.empty(),
                List.of(new WeightedCluster("shop/web", 1)), Timeouts.DEFAULT, RetryPolicy.DEFAULT);
        Cluster web = new Cluster("shop/web", List.of(new Endpoint("shop-web-0", new InetSocketAddress("127.0.0.1", port))),
                Balancing.ROUND_ROBIN, OutlierDetection.DEFAULT, 64);
        return new EdgeSnapshot(version, List.of(route), Map.of("shop/web", web), ForwardingPolicy.DEFAULT);
    }

    private EdgeAgent agent() {
        agent = EdgeAgent.builder()
                .socket(dir.resolve("run/edge.sock"))
                .tokenFile(dir.resolve("run/edge.token"))
                .stateDirectory(dir.resolve("state"))
                .edgeId("host-1")
                .target(snapshot -> {
                    applied.add(snapshot);
                    return List.<SnapshotProblem>of();
                })
                .reports(reports::add)
                .retry(Duration.ofMillis(10), Duration.ofMillis(50))
                .build();
        return agent;
    }

    @AfterEach
    void close() {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void anEdgeRestartedWhileTheServerIsDownServesItsPersistedSnapshotAtOnce() throws Exception {
        new SnapshotStore(dir.resolve("state")).save(snapshot(7, 8081));

        agent().start();

        // Applied before start() returned: no waiting for a server that is not there.
        assertThat(applied).containsExactly(snapshot(7, 8081));
        assertThat(agent.servingVersion()).hasValue(7);
        assertThat(reports.getFirst()).isEqualTo("edge host-1: serving snapshot 7 from "
                + dir.resolve("state/snapshot.json") + " until the server sends one");
        await().untilAsserted(() -> assertThat(reports).anySatisfy(report -> assertThat(report)
                .contains("edge host-1: cannot reach the server at " + dir.resolve("run/edge.sock"))
                .contains("serving snapshot 7 meanwhile")));
        assertThat(agent.connected()).isFalse();
    }

    @Test
    void aCorruptStateFileIsReportedSetAsideAndIgnored() throws Exception {
        Files.createDirectories(dir.resolve("state"));
        Files.writeString(dir.resolve("state/snapshot.json"), "{\"version\": 3, \"routes\": [");

        agent().start();

        assertThat(applied).isEmpty();
        assertThat(agent.servingVersion()).isEmpty();
        assertThat(reports.getFirst())
                .startsWith("edge host-1: state " + dir.resolve("state/snapshot.json") + ": unreadable, ignored (")
                .contains("starting empty, waiting for the server")
                .contains("kept as " + dir.resolve("state/snapshot.json.corrupt"));
        assertThat(dir.resolve("state/snapshot.json")).doesNotExist();
        assertThat(dir.resolve("state/snapshot.json.corrupt")).hasContent("{\"version\": 3, \"routes\": [");
    }

    @Test
    void failuresToReachTheServerAreReportedOncePerReason() throws Exception {
        agent().start();

        await().untilAsserted(() -> assertThat(reports).anySatisfy(report -> assertThat(report)
                .contains("cannot reach the server")));
        // Many attempts later (every 50 ms at most), still the one line.
        Path socket = dir.resolve("run/edge.sock");
        await().pollDelay(Duration.ofMillis(300)).untilAsserted(() -> assertThat(reports)
                .filteredOn(report -> report.contains("cannot reach the server at " + socket)).hasSize(1));
    }

    @Test
    void aSnapshotIsPersistedWholeAndReadBack() throws Exception {
        SnapshotStore store = new SnapshotStore(dir.resolve("state"));

        store.save(snapshot(1, 8081));
        store.save(snapshot(2, 8082));

        assertThat(store.load(reports::add)).contains(snapshot(2, 8082));
        try (var files = Files.list(dir.resolve("state"))) {
            assertThat(files).containsExactly(dir.resolve("state/snapshot.json"));
        }
        assertThat(reports).isEmpty();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("state/snapshot.json"))))
                .as("it holds the HTTPS keys").isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("state"))))
                .isEqualTo("rwx------");
    }

    @Test
    void drainedEndpointsWaitForTheServerWithinABound() {
        agent();
        for (int i = 0; i < EdgeAgent.MAX_PENDING_DRAINED + 5; i++) {
            agent.drained("e-" + i);
        }

        List<String> kept = agent.takeDrained();

        assertThat(kept).hasSize(EdgeAgent.MAX_PENDING_DRAINED).startsWith("e-5").endsWith("e-" + (EdgeAgent.MAX_PENDING_DRAINED + 4));
    }

    @Test
    void theBackoffDoublesUpToItsCap() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(500));

        assertThat(List.of(backoff.nextNanos(), backoff.nextNanos(), backoff.nextNanos(), backoff.nextNanos()))
                .containsExactly(100_000_000L, 200_000_000L, 400_000_000L, 500_000_000L);
        backoff.reset();
        assertThat(backoff.nextNanos()).isEqualTo(100_000_000L);
    }
}

package dev.moor.server.edge;

import dev.moor.snapshot.EdgeSnapshot;
import dev.moor.snapshot.SnapshotJson;
import dev.moor.snapshot.SnapshotProblem;
import dev.moor.snapshot.channel.Ack;
import dev.moor.snapshot.channel.ChannelProtocol;
import dev.moor.snapshot.channel.Drained;
import dev.moor.snapshot.channel.Hello;
import dev.moor.snapshot.channel.Ping;
import dev.moor.snapshot.channel.Purge;
import dev.moor.snapshot.channel.Refused;
import dev.moor.snapshot.channel.Snapshot;
import dev.moor.snapshot.channel.SnapshotDigest;
import dev.moor.snapshot.channel.Welcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.awaitility.Awaitility.await;

/** The server's channel and the edge's agent, both real, over a real Unix socket. */
class EdgeChannelTest {
    @TempDir
    Path dir;

    private Path socket;
    private EdgeChannelSettings settings;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void paths() {
        socket = dir.resolve("run/edge.sock");
        settings = EdgeChannelSettings.of(socket).withPing(Duration.ofMillis(200)).withHelloTimeout(Duration.ofSeconds(1));
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : toClose.reversed()) {
            closeable.close();
        }
    }

    private EdgeChannel open(EdgeChannelSettings settings) throws Exception {
        EdgeChannel channel = EdgeChannel.open(settings);
        toClose.add(channel);
        return channel;
    }

    private TestEdge edge(String edgeId) {
        return edge(edgeId, settings.tokenFile());
    }

    private TestEdge edge(String edgeId, Path tokenFile) {
        TestEdge edge = new TestEdge(edgeId, socket, tokenFile, dir.resolve("state-" + edgeId));
        toClose.add(edge);
        return edge;
    }

    private RawEdge raw() throws Exception {
        RawEdge raw = new RawEdge(socket);
        toClose.add(raw);
        return raw;
    }

    private Hello hello(String edgeId) throws Exception {
        return new Hello(ChannelProtocol.VERSION, edgeId, "raw", 0, "", Files.readString(settings.tokenFile()).strip());
    }

    @Test
    void aPublishedSnapshotIsAppliedThenPersistedThenAcknowledged() throws Exception {
        EdgeChannel channel = open(settings);
        TestEdge edge = edge("host-1").start();
        await().until(() -> channel.connections().size() == 1);

        channel.publish(Snapshots.to(1, 8081));

        assertThat(channel.awaitAcknowledged(1, Duration.ofSeconds(10))).isTrue();
        assertThat(edge.applied).containsExactly(Snapshots.to(1, 8081));
        // Persisted before the acknowledgement: the file is there the moment it counts.
        assertThat(SnapshotJson.read(Files.readString(edge.stateDirectory.resolve("snapshot.json")), EdgeSnapshot.class))
                .isEqualTo(Snapshots.to(1, 8081));
        ConnectedEdge connected = channel.connections().getFirst();
        assertThat(connected.edgeId()).isEqualTo("host-1");
        assertThat(connected.edgeVersion()).isEqualTo("test");
        assertThat(connected.acknowledged()).hasValue(1);
        assertThat(connected.problems()).isEmpty();
        assertThat(edge.reports).anySatisfy(report -> assertThat(report)
                .startsWith("edge host-1: connected to moor ").contains(" at " + socket));
    }

    @Test
    void theProblemsOfAnEdgeComeBackWithItsAcknowledgement() throws Exception {
        EdgeChannel channel = open(settings);
        SnapshotProblem problem = new SnapshotProblem("routes[0]", "backend api: no such cluster");
        TestEdge edge = new TestEdge("host-1", socket, settings.tokenFile(), dir.resolve("state"), s -> List.of(problem));
        toClose.add(edge);
        edge.start();

        channel.publish(Snapshots.to(1, 8081));

        assertThat(channel.awaitAcknowledged(1, Duration.ofSeconds(10))).isTrue();
        assertThat(channel.connections().getFirst().problems()).containsExactly(problem);
    }

    @Test
    void everyConnectedEdgeGetsEverySnapshotAndAllAcknowledge() throws Exception {
        EdgeChannel channel = open(settings);
        TestEdge old = edge("host-1").start();
        TestEdge replacement = edge("host-1-next").start();
        await().until(() -> channel.connections().size() == 2);

        channel.publish(Snapshots.to(1, 8081));
        channel.publish(Snapshots.to(2, 8082));

        assertThat(channel.awaitAcknowledged(2, Duration.ofSeconds(10))).isTrue();
        assertThat(old.last()).isEqualTo(Snapshots.to(2, 8082));
        assertThat(replacement.last()).isEqualTo(Snapshots.to(2, 8082));
        assertThat(channel.connections()).extracting(ConnectedEdge::edgeId).containsExactly("host-1", "host-1-next");
    }

    @Test
    void aPurgeReachesEveryEdgeAndEachAnswersWithWhatItRemoved() throws Exception {
        EdgeChannel channel = open(settings);
        TestEdge old = edge("host-1").start();
        TestEdge replacement = edge("host-1-next").start();
        await().until(() -> channel.connections().size() == 2);

        List<EdgePurge> answers = channel.purge(Set.of("shop/routes[0]"), Optional.of("https"),
                Optional.of("www.example.com"), "/blog/", Duration.ofSeconds(10));

        assertThat(answers).containsExactlyInAnyOrder(new EdgePurge("host-1", 3, Optional.empty()),
                new EdgePurge("host-1-next", 3, Optional.empty()));
        assertThat(old.purges).singleElement().isEqualTo(replacement.purges.getFirst()).satisfies(purge -> {
            assertThat(purge.partitions()).containsExactly("shop/routes[0]");
            assertThat(purge.scheme()).contains("https");
            assertThat(purge.host()).contains("www.example.com");
            assertThat(purge.pathPrefix()).isEqualTo("/blog/");
        });
        assertThat(channel.purge(Set.of(), Optional.empty(), Optional.empty(), "/", Duration.ofSeconds(10)))
                .extracting(EdgePurge::removed).containsExactly(3L, 3L);
    }

    @Test
    void anEdgeThatCannotPurgeSaysWhyAndOneThatDoesNotAnswerOrLeavesIsToldApart() throws Exception {
        EdgeChannel channel = open(settings);
        edge("host-1").start();
        RawEdge silent = raw().send(hello("silent")).startReading();
        RawEdge leaving = raw().send(hello("leaving")).startReading();
        await().until(() -> channel.connections().size() == 3);
        Thread.ofVirtual().start(() -> {
            try {
                leaving.next(Purge.class);
                leaving.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        List<EdgePurge> answers = channel.purge(Set.of(), Optional.empty(), Optional.empty(), "/fail",
                Duration.ofMillis(1500));

        assertThat(answers).extracting(EdgePurge::edgeId).containsExactlyInAnyOrder("host-1", "silent", "leaving");
        assertThat(answers).filteredOn(answer -> answer.edgeId().equals("host-1")).singleElement()
                .satisfies(answer -> assertThat(answer.problem()).hasValueSatisfying(problem -> assertThat(problem)
                        .contains("the cache is closed")));
        assertThat(answers).filteredOn(answer -> answer.edgeId().equals("silent")).singleElement()
                .satisfies(answer -> assertThat(answer.problem()).contains(
                        "no answer within PT1.5S (the purge may still happen)"));
        assertThat(answers).filteredOn(answer -> answer.edgeId().equals("leaving")).singleElement()
                .satisfies(answer -> assertThat(answer.problem()).contains(
                        "the edge disconnected before it answered (the purge may have happened)"));
        assertThat(silent.next(Purge.class).pathPrefix()).isEqualTo("/fail");
    }

    @Test
    void withNoEdgeConnectedAPurgeReachesNobody() throws Exception {
        EdgeChannel channel = open(settings);

        assertThat(channel.purge(Set.of(), Optional.empty(), Optional.empty(), "/", Duration.ofSeconds(1))).isEmpty();
    }

    @Test
    void anEdgeThatConnectsLaterGetsTheLatestSnapshotOnly() throws Exception {
        EdgeChannel channel = open(settings);
        channel.publish(Snapshots.to(1, 8081));
        channel.publish(Snapshots.to(2, 8082));

        TestEdge edge = edge("host-1").start();

        assertThat(channel.awaitAcknowledged(2, Duration.ofSeconds(10))).isTrue();
        assertThat(edge.applied).containsExactly(Snapshots.to(2, 8082));
    }

    @Test
    void withNoEdgeConnectedNothingIsAcknowledgedButAnEdgeThatConnectsInTimeCounts() throws Exception {
        EdgeChannel channel = open(settings);
        channel.publish(Snapshots.to(1, 8081));

        assertThat(channel.awaitAcknowledged(1, Duration.ofMillis(100))).isFalse();

        CompletableFuture<Boolean> acknowledged = CompletableFuture.supplyAsync(() -> {
            try {
                return channel.awaitAcknowledged(1, Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        edge("host-1").start();
        assertThat(acknowledged.get()).isTrue();
    }

    @Test
    void anEdgeWithTheWrongTokenIsRefusedAndSaysWhy() throws Exception {
        EdgeChannel channel = open(settings);
        Path wrongToken = dir.resolve("wrong.token");
        Files.writeString(wrongToken, "not-the-token\n");
        TestEdge edge = edge("intruder", wrongToken).start();

        await().untilAsserted(() -> assertThat(edge.reports).anySatisfy(report -> assertThat(report)
                .isEqualTo("edge intruder: cannot reach the server at " + socket + ": refused: token: wrong (expected: "
                        + "the contents of " + settings.tokenFile() + "); serving nothing meanwhile, trying again "
                        + "(every 0.1s at most)")));
        channel.publish(Snapshots.to(1, 8081));
        assertThat(channel.connections()).isEmpty();
        assertThat(channel.awaitAcknowledged(1, Duration.ofMillis(200))).isFalse();
        assertThat(edge.applied).isEmpty();
    }

    @Test
    void aHelloWithTheWrongTokenGetsARefusalAndTheConnectionEnds() throws Exception {
        open(settings);
        RawEdge raw = raw().startReading();

        raw.send(new Hello(ChannelProtocol.VERSION, "intruder", "raw", 0, "", "guess"));

        assertThat(raw.next()).isEqualTo(new Refused("token: wrong (expected: the contents of " + settings.tokenFile() + ")"));
        assertThat(raw.next()).isNull();
    }

    @Test
    void aHelloInAnotherProtocolIsRefused() throws Exception {
        open(settings);
        RawEdge raw = raw().startReading();
        Hello hello = hello("future");

        raw.send(new Hello(ChannelProtocol.VERSION + 1, hello.edgeId(), "raw", 0, "", hello.token()));

        assertThat(raw.next()).isEqualTo(new Refused("protocol " + (ChannelProtocol.VERSION + 1)
                + ": not spoken by this server (expected: " + ChannelProtocol.VERSION + ")"));
    }

    @Test
    void aConnectionThatSaysNoHelloIsClosed() throws Exception {
        open(settings);
        RawEdge raw = raw().startReading();

        assertThat(raw.next()).isNull();
    }

    @Test
    void unknownMessagesAreIgnoredAndAMalformedLineEndsOnlyItsConnection() throws Exception {
        EdgeChannel channel = open(settings);
        TestEdge edge = edge("host-1").start();
        RawEdge raw = raw().startReading();
        raw.send(hello("raw-1"));
        assertThat(raw.next(Welcome.class).ping()).isEqualTo(Duration.ofMillis(200));

        raw.sendLine("{\"type\":\"stats\",\"requests\":12}");
        channel.publish(Snapshots.to(1, 8081));
        raw.send(new Ack(raw.next(Snapshot.class).snapshot().version(), List.of()));
        assertThat(channel.awaitAcknowledged(1, Duration.ofSeconds(10))).isTrue();

        raw.sendLine("{\"type\":\"ack\",\"version\":");
        await().until(() -> channel.connections().size() == 1);
        assertThat(channel.connections().getFirst().edgeId()).isEqualTo("host-1");
        channel.publish(Snapshots.to(2, 8082));
        assertThat(channel.awaitAcknowledged(2, Duration.ofSeconds(10))).isTrue();
        assertThat(edge.last().version()).isEqualTo(2);
    }

    @Test
    void theServerPingsItsEdges() throws Exception {
        open(settings);
        RawEdge raw = raw().startReading();
        raw.send(hello("raw-1"));

        raw.next(Welcome.class);
        assertThat(raw.next()).isEqualTo(new Ping());
    }

    @Test
    void anEdgeThatStopsReadingHoldsBackNeitherPublishNorTheOtherEdges() throws Exception {
        EdgeChannel channel = open(settings);
        RawEdge stuck = raw();
        stuck.send(hello("stuck"));
        TestEdge edge = edge("host-1").start();
        await().until(() -> channel.connections().size() == 2);

        // Each about a megabyte: the first fills the stuck edge's socket, the writer waits on it, the rest pile up.
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            for (int version = 1; version <= 20; version++) {
                channel.publish(Snapshots.withRoutes(version, 8000 + version, 3_000));
            }
        });

        await().until(() -> edge.last() != null && edge.last().version() == 20);
        assertThat(channel.awaitAcknowledged(20, Duration.ofMillis(200))).isFalse();
        assertThat(channel.connections()).filteredOn(c -> c.edgeId().equals("stuck"))
                .singleElement().satisfies(c -> assertThat(c.acknowledged()).isEmpty());
    }

    @Test
    void anEdgeThatReadsNothingForTheWriteStallIsDisconnected() throws Exception {
        EdgeChannel channel = open(settings.withWriteStall(Duration.ofMillis(500)));
        RawEdge stuck = raw();
        stuck.send(hello("stuck"));
        TestEdge edge = edge("host-1").start();
        await().until(() -> channel.connections().size() == 2);

        channel.publish(Snapshots.withRoutes(1, 8081, 3_000));

        await().until(() -> channel.connections().size() == 1);
        assertThat(channel.connections().getFirst().edgeId()).isEqualTo("host-1");
        assertThat(channel.awaitAcknowledged(1, Duration.ofSeconds(10))).isTrue();
        assertThat(edge.last().version()).isEqualTo(1);
    }

    @Test
    void drainedEndpointsReachTheListenerIncludingThoseReportedBeforeTheConnection() throws Exception {
        EdgeChannel channel = open(settings);
        List<String> drained = new CopyOnWriteArrayList<>();
        channel.onDrained(drained::add);
        TestEdge edge = edge("host-1");
        edge.agent.drained("shop-web-0");

        edge.start();
        await().until(() -> channel.connections().size() == 1);
        edge.agent.drained("shop-web-1");
        edge.agent.drained("shop-web-2");

        await().untilAsserted(() -> assertThat(drained).containsExactly("shop-web-0", "shop-web-1", "shop-web-2"));
    }

    @Test
    void drainedEndpointsOfARawEdgeArriveInOrder() throws Exception {
        EdgeChannel channel = open(settings);
        List<String> drained = new CopyOnWriteArrayList<>();
        channel.onDrained(drained::add);
        RawEdge raw = raw().startReading();
        raw.send(hello("raw-1"));
        raw.next(Welcome.class);

        raw.send(new Drained(List.of("a", "b")));

        await().untilAsserted(() -> assertThat(drained).containsExactly("a", "b"));
    }

    @Test
    void anAgentReconnectsToARestartedServerAndGetsItsNewerSnapshot() throws Exception {
        EdgeChannel first = EdgeChannel.open(settings);
        TestEdge edge = edge("host-1").start();
        first.publish(Snapshots.to(1, 8081));
        assertThat(first.awaitAcknowledged(1, Duration.ofSeconds(10))).isTrue();
        String firstToken = Files.readString(settings.tokenFile());

        first.close();
        await().until(() -> !edge.agent.connected());
        assertThat(socket).doesNotExist();
        EdgeChannel second = open(settings);
        second.publish(Snapshots.to(2, 8082));

        // A new token: the agent reads the file again before it connects.
        assertThat(Files.readString(settings.tokenFile())).isNotEqualTo(firstToken);
        assertThat(second.awaitAcknowledged(2, Duration.ofSeconds(10))).isTrue();
        assertThat(edge.applied).containsExactly(Snapshots.to(1, 8081), Snapshots.to(2, 8082));
        assertThat(edge.agent.servingVersion()).hasValue(2);
    }

    @Test
    void anEdgeThatServesTheLatestContentAlreadyGetsNothingNew() throws Exception {
        EdgeChannel first = EdgeChannel.open(settings);
        TestEdge before = new TestEdge("host-1", socket, settings.tokenFile(), dir.resolve("state")).start();
        first.publish(Snapshots.to(1, 8081));
        assertThat(first.awaitAcknowledged(1, Duration.ofSeconds(10))).isTrue();
        before.close();
        first.close();

        // A restarted server numbers from scratch; a restarted edge serves what it persisted.
        EdgeChannel second = open(settings);
        EdgeSnapshot same = Snapshots.to(5, 8081);
        second.publish(same);
        TestEdge after = new TestEdge("host-1", socket, settings.tokenFile(), dir.resolve("state"));
        toClose.add(after);
        after.start();

        assertThat(second.awaitAcknowledged(5, Duration.ofSeconds(10))).isTrue();
        assertThat(after.applied).containsExactly(Snapshots.to(1, 8081));
        assertThat(SnapshotDigest.of(after.last())).isEqualTo(SnapshotDigest.of(same));
        assertThat(second.connections().getFirst().acknowledged()).hasValue(5);
    }

    @Test
    void anEdgeRestartedWhileTheServerIsDownServesItsLastSnapshotAtOnce() throws Exception {
        EdgeChannel channel = EdgeChannel.open(settings);
        TestEdge before = new TestEdge("host-1", socket, settings.tokenFile(), dir.resolve("state")).start();
        channel.publish(Snapshots.to(3, 8081));
        assertThat(channel.awaitAcknowledged(3, Duration.ofSeconds(10))).isTrue();
        before.close();
        channel.close();

        TestEdge after = new TestEdge("host-1", socket, settings.tokenFile(), dir.resolve("state"));
        toClose.add(after);
        after.start();

        assertThat(after.applied).containsExactly(Snapshots.to(3, 8081));
        await().untilAsserted(() -> assertThat(after.reports).anySatisfy(report -> assertThat(report)
                .startsWith("edge host-1: cannot reach the server at " + socket)
                .contains("serving snapshot 3 meanwhile")));
    }

    @Test
    void theSocketAndTheTokenAreTheServersAlone() throws Exception {
        open(settings);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent()))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(settings.tokenFile()))).isEqualTo("rw-------");
        assertThat(settings.tokenFile()).isEqualTo(dir.resolve("run/edge.token"));
        assertThat(Files.readString(settings.tokenFile()).strip()).hasSize(43);
    }

    @Test
    void aDirectoryOpenToOthersIsRefused() throws Exception {
        Path open = dir.resolve("open");
        Files.createDirectories(open);
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThatThrownBy(() -> EdgeChannel.open(EdgeChannelSettings.of(open.resolve("edge.sock"))))
                .hasMessage("edge channel: directory " + open + ": mode rwxr-xr-x (expected: rwx------, a directory of "
                        + "the server's user alone: the socket and the token file are in it)");
    }

    @Test
    void aSecondServerOnTheSameSocketIsRefusedAndAStaleSocketIsReplaced() throws Exception {
        EdgeChannel first = EdgeChannel.open(settings);

        assertThatThrownBy(() -> EdgeChannel.open(settings))
                .hasMessage("edge channel: " + socket + ": another server listens on it (expected: one server per host)");

        // A server that died leaves its socket file behind.
        ServerSocketChannel stale = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        first.close();
        stale.bind(UnixDomainSocketAddress.of(socket));
        stale.close();
        assertThat(socket).exists();
        EdgeChannel second = open(settings);
        TestEdge edge = edge("host-1").start();
        second.publish(Snapshots.to(1, 8081));
        assertThat(second.awaitAcknowledged(1, Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void versionsGoUp() throws Exception {
        EdgeChannel channel = open(settings);
        channel.publish(Snapshots.to(2, 8081));

        assertThatThrownBy(() -> channel.publish(Snapshots.to(2, 8082)))
                .hasMessage("publish: version 2 (expected: above 2, the version published last)");
        assertThat(channel.latest()).contains(Snapshots.to(2, 8081));
    }

    @Test
    void closingStopsTheWaitAndDisconnectsTheEdgesWhichKeepServing() throws Exception {
        EdgeChannel channel = EdgeChannel.open(settings);
        TestEdge edge = edge("host-1").start();
        channel.publish(Snapshots.to(1, 8081));
        assertThat(channel.awaitAcknowledged(1, Duration.ofSeconds(10))).isTrue();

        channel.close();

        assertThat(channel.awaitAcknowledged(1, Duration.ofSeconds(10))).isFalse();
        await().until(() -> !edge.agent.connected());
        assertThat(edge.agent.servingVersion()).hasValue(1);
        assertThatThrownBy(() -> channel.publish(Snapshots.to(2, 8081))).isInstanceOf(IllegalStateException.class);
    }
}

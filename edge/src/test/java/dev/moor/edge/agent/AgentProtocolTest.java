package dev.moor.edge.agent;

import dev.moor.snapshot.EdgeSnapshot;
import dev.moor.snapshot.SnapshotJson;
import dev.moor.snapshot.SnapshotProblem;
import dev.moor.snapshot.channel.Ack;
import dev.moor.snapshot.channel.ChannelProtocol;
import dev.moor.snapshot.channel.Drained;
import dev.moor.snapshot.channel.Hello;
import dev.moor.snapshot.channel.Ping;
import dev.moor.snapshot.channel.Refused;
import dev.moor.snapshot.channel.Snapshot;
import dev.moor.snapshot.channel.SnapshotDigest;
import dev.moor.snapshot.channel.Welcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The agent against a server spoken by hand: what it says, in which order, and what it ignores. */
class AgentProtocolTest {
    @TempDir
    Path dir;

    private final List<EdgeSnapshot> applied = new CopyOnWriteArrayList<>();
    private final List<String> reports = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    private Path socket() {
        return dir.resolve("run/edge.sock");
    }

    private FakeServer server() throws Exception {
        FakeServer server = new FakeServer(socket(), dir.resolve("run/edge.token"), "the-token");
        toClose.add(server);
        return server;
    }

    private EdgeAgent agent(List<SnapshotProblem> problems) {
        EdgeAgent agent = EdgeAgent.builder()
                .socket(socket())
                .tokenFile(dir.resolve("run/edge.token"))
                .stateDirectory(dir.resolve("state"))
                .edgeId("host-1")
                .edgeVersion("1.2.3")
                .target(snapshot -> {
                    applied.add(snapshot);
                    return problems;
                })
                .reports(reports::add)
                .retry(Duration.ofMillis(10), Duration.ofMillis(50))
                .build();
        toClose.add(agent);
        return agent;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : toClose.reversed()) {
            closeable.close();
        }
    }

    @Test
    void theHelloSaysWhoTheEdgeIsWhatItServesAndTheToken() throws Exception {
        new SnapshotStore(dir.resolve("state")).save(AgentStateTest.snapshot(4, 8081));
        FakeServer server = server();

        agent(List.of()).start();

        Hello hello = server.accept().read(Hello.class);
        assertThat(hello).isEqualTo(new Hello(ChannelProtocol.VERSION, "host-1", "1.2.3", 4,
                SnapshotDigest.of(AgentStateTest.snapshot(4, 8081)), "the-token"));
    }

    @Test
    void aSnapshotIsPersistedBeforeItIsAcknowledgedWithItsProblems() throws Exception {
        FakeServer server = server();
        SnapshotProblem problem = new SnapshotProblem("routes[0]", "backend api: no such cluster");
        EdgeAgent agent = agent(List.of(problem));
        agent.start();
        FakeServer.Connection connection = server.accept();
        connection.read(Hello.class);

        connection.send(new Welcome(ChannelProtocol.VERSION, "moor test", Duration.ofSeconds(5)))
                .send(new Snapshot(AgentStateTest.snapshot(9, 8081)));

        assertThat(connection.read(Ack.class)).isEqualTo(new Ack(9, List.of(problem)));
        // The moment the acknowledgement arrives, the snapshot is on disk.
        assertThat(SnapshotJson.read(Files.readString(dir.resolve("state/snapshot.json")), EdgeSnapshot.class))
                .isEqualTo(AgentStateTest.snapshot(9, 8081));
        assertThat(applied).containsExactly(AgentStateTest.snapshot(9, 8081));
        assertThat(agent.connected()).isTrue();
        assertThat(agent.servingVersion()).hasValue(9);
    }

    @Test
    void messagesOfANewerServerAreIgnored() throws Exception {
        FakeServer server = server();
        agent(List.of()).start();
        FakeServer.Connection connection = server.accept();
        connection.read(Hello.class);

        connection.send(new Welcome(ChannelProtocol.VERSION, "moor next", Duration.ofSeconds(5)))
                .sendLine("{\"type\":\"stats-request\",\"window\":\"PT10S\"}")
                .sendLine("{\"type\":\"snapshot\",\"snapshot\":" + SnapshotJson.write(AgentStateTest.snapshot(2, 8081))
                        + ",\"compression\":\"none\"}");

        assertThat(connection.read(Ack.class).version()).isEqualTo(2);
    }

    @Test
    void theSameContentIsNotAppliedTwiceButIsAcknowledged() throws Exception {
        FakeServer server = server();
        agent(List.of()).start();
        FakeServer.Connection connection = server.accept();
        connection.read(Hello.class);
        connection.send(new Welcome(ChannelProtocol.VERSION, "moor test", Duration.ofSeconds(5)));

        connection.send(new Snapshot(AgentStateTest.snapshot(1, 8081)));
        connection.read(Ack.class);
        connection.send(new Snapshot(AgentStateTest.snapshot(2, 8081)));

        assertThat(connection.read(Ack.class).version()).isEqualTo(2);
        assertThat(applied).extracting(EdgeSnapshot::version).containsExactly(1L);
    }

    @Test
    void drainedEndpointsAreSentOnceWelcomed() throws Exception {
        FakeServer server = server();
        EdgeAgent agent = agent(List.of());
        agent.drained("shop-web-0");
        agent.start();
        FakeServer.Connection connection = server.accept();
        connection.read(Hello.class);

        connection.send(new Welcome(ChannelProtocol.VERSION, "moor test", Duration.ofSeconds(5)));

        assertThat(connection.read(Drained.class).endpointIds()).containsExactly("shop-web-0");
        agent.drained("shop-web-1");
        assertThat(connection.read(Drained.class).endpointIds()).containsExactly("shop-web-1");
    }

    @Test
    void aSilentServerIsLeftAndConnectedToAgain() throws Exception {
        FakeServer server = server();
        agent(List.of()).start();
        FakeServer.Connection first = server.accept();
        first.read(Hello.class);

        first.send(new Welcome(ChannelProtocol.VERSION, "moor test", Duration.ofMillis(100))).send(new Ping());

        // Three pings missed: the agent closes and connects again.
        assertThat(first.read()).isNull();
        server.accept().read(Hello.class);
        assertThat(reports).anySatisfy(report -> assertThat(report)
                .startsWith("edge host-1: the server said nothing for ").endsWith("(expected: a ping every 100 ms); connecting again"));
    }

    @Test
    void aRefusalIsReportedAndTheAgentTriesAgain() throws Exception {
        FakeServer server = server();
        agent(List.of()).start();
        FakeServer.Connection first = server.accept();
        first.read(Hello.class);

        first.send(new Refused("token: wrong (expected: the contents of /run/moor/edge.token)"));

        server.accept().read(Hello.class);
        await().untilAsserted(() -> assertThat(reports).contains("edge host-1: cannot reach the server at " + socket()
                + ": refused: token: wrong (expected: the contents of /run/moor/edge.token); serving nothing meanwhile, "
                + "trying again (every 0.05s at most)"));
    }

    @Test
    void aMissingTokenFileSaysWhatWasExpected() throws Exception {
        server();
        Files.delete(dir.resolve("run/edge.token"));

        agent(List.of()).start();

        await().untilAsserted(() -> assertThat(reports).anySatisfy(report -> assertThat(report)
                .contains("token file " + dir.resolve("run/edge.token") + ": missing (expected: the file the server "
                        + "writes next to its socket)")));
    }
}

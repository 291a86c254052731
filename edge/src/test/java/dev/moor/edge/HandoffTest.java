package dev.moor.edge;

import dev.moor.snapshot.EdgeSnapshot;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.moor.edge.Snapshots.cluster;
import static dev.moor.edge.Snapshots.onPort;
import static dev.moor.edge.Snapshots.route;
import static dev.moor.edge.Snapshots.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A new edge takes the listening sockets of the one it replaces: no connection is refused or reset, every request
 * in flight or queued is answered, and the old edge drains and closes.
 */
@ExtendWith(NettyLeaks.class)
class HandoffTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @RegisterExtension
    final Backend before = new Backend("old");
    @RegisterExtension
    final Backend after = new Backend("new");
    @TempDir
    Path dir;
    private Path socket;
    private final List<EdgeServer> edges = new CopyOnWriteArrayList<>();

    @BeforeEach
    void socketPath() {
        socket = dir.resolve("edge.sock");
    }

    @AfterEach
    void closeEdges() {
        edges.forEach(EdgeServer::close);
    }

    private EdgeServerBuilder edge(int threads) {
        return EdgeServer.builder().threads(threads).transport(Edge.transportUnderTest()).bindAddress(LOOPBACK)
                .handoffSocket(socket);
    }

    private EdgeServer started(EdgeServerBuilder builder, EdgeSnapshot snapshot) {
        EdgeServer server = builder.build();
        edges.add(server);
        server.update(snapshot);
        server.start();
        return server;
    }

    /**
     * Clients connect for every request and one keeps its connection alive while the edge is replaced. To have
     * connections waiting in the sockets' queues as they change hands (where closing the last descriptor of a socket
     * would reset them), the old edge's event loops are held still, inside its access log, until the successor
     * has answered requests that queued meanwhile.
     */
    @Test
    void aReplacementUnderLoadFailsNoRequest() throws Exception {
        AtomicBoolean stall = new AtomicBoolean();
        Set<Thread> stalled = ConcurrentHashMap.newKeySet();
        CountDownLatch resume = new CountDownLatch(1);
        EdgeServer old = started(edge(2).listen(new InetSocketAddress(LOOPBACK, 0)).accessLog(entry -> {
            if (stall.get() && stalled.add(Thread.currentThread())) {
                awaitQuietly(resume);
            }
        }), Snapshots.single(before));
        int port = old.port();
        List<RequestLoop> fresh = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            fresh.add(RequestLoop.newConnectionEach(port));
        }
        RequestLoop kept = RequestLoop.keepAlive(port);
        List<RequestLoop> clients = new ArrayList<>(fresh);
        clients.add(kept);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> answered(fresh, "old") >= 200 && kept.answered("old") >= 100);
            stall.set(true);
            // Requests on new connections until each loop stood still in one (those on a stuck loop's socket queue).
            List<RawHttp> queued = new ArrayList<>();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).until(() -> {
                if (stalled.size() < 2) {
                    queued.addAll(queue(port, 1));
                }
                return stalled.size() == 2;
            });
            queued.addAll(queue(port, 20));

            CompletableFuture<EdgeServer> successor = CompletableFuture.supplyAsync(() -> started(
                    edge(2).listen(new InetSocketAddress(LOOPBACK, port)).takeListenersFrom(socket), Snapshots.single(after)));
            // The successor accepts what queued; on io_uring, the old edge's accept already submitted to the kernel
            // may take a connection too, answered once its loop moves again.
            await().atMost(Duration.ofSeconds(10)).until(() -> after.requests().size() >= 10);
            resume.countDown();
            int answeredNew = 0;
            for (RawHttp connection : queued) {
                String response = connection.readUntilClosed();
                assertThat(response).as("a connection opened while the old edge stood still").startsWith("HTTP/1.1 200 OK");
                answeredNew += response.endsWith("new") ? 1 : 0;
                connection.close();
            }
            assertThat(answeredNew).as("answered by the successor").isGreaterThanOrEqualTo(10);
            EdgeServer replaced = successor.get(30, TimeUnit.SECONDS);
            old.terminated().get(30, TimeUnit.SECONDS);
            int freshBefore = answered(fresh, "new");
            int keptBefore = kept.answered("new");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> answered(fresh, "new") >= freshBefore + 200 && kept.answered("new") >= keptBefore + 100);
            for (RequestLoop client : clients) {
                client.close();
            }

            for (RequestLoop client : clients) {
                assertThat(client.failures()).as("failed requests").isEmpty();
                assertThat(client.answeredInAll()).isEqualTo(client.answered("old") + client.answered("new"));
            }
            assertThat(replaced.port()).isEqualTo(port);
            assertThat(replaced.transport()).as("io_uring cannot adopt a socket").isEqualTo(IoTransport.EPOLL);
        } finally {
            resume.countDown();
            for (RequestLoop client : clients) {
                client.close();
            }
        }
    }

    /** Connections that each send a request at once: while no one accepts on the port, they wait in its queues. */
    private static List<RawHttp> queue(int port, int count) throws IOException {
        List<RawHttp> connections = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            connections.add(new RawHttp(port).send("GET /queued HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
        }
        return connections;
    }

    private static int answered(List<RequestLoop> clients, String body) {
        return clients.stream().mapToInt(client -> client.answered(body)).sum();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void theFixedPortAndTheSnapshotsPortsAreHandedOverTogether() throws Exception {
        int shop = freePort();
        int blog = freePort();
        EdgeSnapshot routes = snapshot(List.of(onPort(route("shop", "/", "app"), shop),
                onPort(route("blog", "/", "app"), blog), route("health", "/health", "app")), cluster("app", before.endpoint()));
        EdgeServer old = started(edge(2).listen(new InetSocketAddress(LOOPBACK, 0)), routes);
        int fixed = old.port();
        assertThat(old.boundPorts()).containsExactly(Math.min(shop, blog), Math.max(shop, blog));

        EdgeServer successor = started(edge(1).listen(new InetSocketAddress(LOOPBACK, fixed)).takeListenersFrom(socket),
                snapshot(routes.routes(), cluster("app", after.endpoint())));
        old.terminated().get(30, TimeUnit.SECONDS);

        assertThat(successor.boundPorts()).containsExactly(Math.min(shop, blog), Math.max(shop, blog));
        assertThat(get(shop, "/")).isEqualTo("new");
        assertThat(get(blog, "/")).isEqualTo("new");
        assertThat(get(fixed, "/health")).isEqualTo("new");
        assertThat(old.boundPorts()).isEmpty();
    }

    @Test
    void connectionsQueuedOnTheSocketsWhileTheyChangeHandsAreServed() throws Exception {
        EdgeServer old = started(edge(1).listen(new InetSocketAddress(LOOPBACK, 0)), Snapshots.single(before));
        int port = old.port();
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("test-handoff", true),
                EpollIoHandler.newFactory());
        Path relay = dir.resolve("relay.sock");
        HandoffServer holder = null;
        try {
            // The test takes the sockets and holds them without accepting: the old edge stops and closes its own
            // descriptors, and connections queue in the kernel until the next edge accepts.
            HandoffClient taken = HandoffClient.take(socket, group, Duration.ofSeconds(5));
            assertThat(taken).isNotNull();
            List<ListeningSocket> sockets = new ArrayList<>();
            taken.sockets().forEach((address, fds) -> fds.forEach(fd -> sockets.add(new ListeningSocket(address, fd,
                    false))));
            taken.accepting();
            old.terminated().get(30, TimeUnit.SECONDS);

            try (RawHttp queued = new RawHttp(port)) {
                queued.send("GET /queued HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                holder = HandoffServer.start(relay, group, Duration.ofSeconds(5), new HandoffServer.Edge() {
                    @Override
                    public List<ListeningSocket> handOver(boolean datagrams) {
                        return sockets;
                    }

                    @Override
                    public void handOverFailed() {}

                    @Override
                    public void handedOver() {
                        Listeners.closeQuietly(sockets.stream().map(ListeningSocket::fd).toList());
                    }
                });
                EdgeServer successor = started(EdgeServer.builder().threads(2).transport(Edge.transportUnderTest())
                        .listen(new InetSocketAddress(LOOPBACK, port)).takeListenersFrom(relay), Snapshots.single(after));

                assertThat(queued.readUntilClosed()).startsWith("HTTP/1.1 200 OK").endsWith("new");
                assertThat(successor.port()).isEqualTo(port);
            }
        } finally {
            if (holder != null) {
                holder.close();
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void withNoEdgeToTakeFromTheSocketsAreBound() throws Exception {
        int port = freePort();
        EdgeServer edge = started(edge(2).listen(new InetSocketAddress(LOOPBACK, port)).takeListenersFrom(socket),
                Snapshots.single(after));
        assertThat(get(port, "/")).isEqualTo("new");
        assertThat(Files.exists(socket)).as("it serves its own handoff socket").isTrue();
    }

    /**
     * Binding beside a predecessor that is there but does not hand its sockets over would have the connections
     * queued on its sockets reset when it stops: the successor refuses to start instead, and says why.
     */
    @Test
    void aPredecessorThatDoesNotAnswerStopsTheSuccessorWithTheReason() throws Exception {
        int port = freePort();
        try (ServerSocketChannel mute = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            mute.bind(UnixDomainSocketAddress.of(socket));
            EdgeServerBuilder successor = edge(1).listen(new InetSocketAddress(LOOPBACK, port))
                    .takeListenersFrom(socket).handoffSocket(dir.resolve("next.sock"))
                    .handoffTimeout(Duration.ofMillis(300));
            assertThatThrownBy(() -> started(successor, Snapshots.single(after)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("edge: the edge at " + socket + " did not hand its listening sockets over: timed out "
                            + "waiting for listeners N; it serves on");
            assertThatThrownBy(() -> get(port, "/")).as("nothing bound").isInstanceOf(ConnectException.class);
            assertThat(Files.exists(dir.resolve("next.sock"))).isFalse();
        }
    }

    @Test
    void aPredecessorThatCrashedLeftASocketNobodyListensOnAndTheSocketsAreBound() throws Exception {
        int port = freePort();
        ServerSocketChannel crashed = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        crashed.bind(UnixDomainSocketAddress.of(socket));
        crashed.close();
        assertThat(Files.exists(socket)).as("the socket file outlives its listener").isTrue();
        EdgeServer edge = started(edge(1).listen(new InetSocketAddress(LOOPBACK, port)).takeListenersFrom(socket),
                Snapshots.single(after));
        assertThat(get(edge.port(), "/")).isEqualTo("new");
    }

    @Test
    void theHandoffSocketIsTheOwnersOnlyAndRefusesAnotherVersion() throws Exception {
        EdgeServer old = started(edge(1).listen(new InetSocketAddress(LOOPBACK, 0)), Snapshots.single(before));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");

        try (SocketChannel successor = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            successor.write(StandardCharsets.US_ASCII.encode("moor-edge-handoff 3\n"));
            assertThat(readAll(successor)).isEqualTo("error unexpected line: moor-edge-handoff 3 (expected:"
                    + " moor-edge-handoff 2 or moor-edge-handoff 1)\n");
        }
        assertThat(get(old.port(), "/")).isEqualTo("old");
    }

    @Test
    void anEdgeOfBeforeHttp3HandsItsTcpListenersOverInVersion1() throws Exception {
        EdgeServer old = started(edge(1).listen(new InetSocketAddress(LOOPBACK, 0)), Snapshots.single(before));
        int port = old.port();
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
                new DefaultThreadFactory("test-handoff", true), EpollIoHandler.newFactory());
        Path relay = dir.resolve("v1.sock");
        Channel predecessor = null;
        try {
            HandoffClient taken = HandoffClient.take(socket, group, Duration.ofSeconds(5));
            List<ListeningSocket> sockets = new ArrayList<>();
            taken.sockets().forEach((address, fds) -> fds.forEach(fd -> sockets.add(new ListeningSocket(address, fd,
                    false))));
            taken.accepting();
            List<String> heard = new CopyOnWriteArrayList<>();
            predecessor = VersionOneEdge.serve(relay, group, sockets, heard);

            EdgeServer successor = started(EdgeServer.builder().threads(2).transport(Edge.transportUnderTest())
                    .listen(new InetSocketAddress(LOOPBACK, port)).takeListenersFrom(relay), Snapshots.single(after));

            assertThat(heard).containsExactly("moor-edge-handoff 2", "moor-edge-handoff 1", "send", "accepting");
            assertThat(successor.port()).isEqualTo(port);
            assertThat(get(port, "/")).isEqualTo("new");
        } finally {
            if (predecessor != null) {
                predecessor.close().awaitUninterruptibly();
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** The handoff socket of an edge of before HTTP/3, as it answered: version 1 only, TCP listeners only. */
    private static final class VersionOneEdge extends SimpleChannelInboundHandler<String> {
        private final List<ListeningSocket> sockets;
        private final List<String> heard;

        private VersionOneEdge(List<ListeningSocket> sockets, List<String> heard) {
            this.sockets = sockets;
            this.heard = heard;
        }

        static Channel serve(Path path, EventLoopGroup group, List<ListeningSocket> sockets, List<String> heard) {
            return new ServerBootstrap().group(group).channel(EpollServerDomainSocketChannel.class)
                    .childHandler(new ChannelInitializer<EpollDomainSocketChannel>() {
                        @Override
                        protected void initChannel(EpollDomainSocketChannel channel) {
                            HandoffProtocol.addLineCodec(channel.pipeline());
                            channel.pipeline().addLast(new VersionOneEdge(sockets, heard));
                        }
                    })
                    .bind(new DomainSocketAddress(path.toString())).syncUninterruptibly().channel();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, String line) {
            heard.add(line);
            switch (line) {
                case "moor-edge-handoff 1" -> {
                    ctx.write(HandoffProtocol.line("listeners " + sockets.size()));
                    for (ListeningSocket listening : sockets) {
                        ctx.write(HandoffProtocol.line(HandoffProtocol.listenerLine(listening,
                                HandoffProtocol.VERSION_TCP_ONLY)));
                    }
                    ctx.flush();
                }
                case "send" -> {
                    sockets.forEach(listening -> ctx.write(listening.fd()));
                    ctx.flush();
                }
                case "accepting" -> {
                    Listeners.closeQuietly(sockets.stream().map(ListeningSocket::fd).toList());
                    ctx.writeAndFlush(HandoffProtocol.line("stopped")).addListener(ChannelFutureListener.CLOSE);
                }
                default -> ctx.writeAndFlush(HandoffProtocol.line("error unexpected line: " + line
                        + " (expected: moor-edge-handoff 1)")).addListener(ChannelFutureListener.CLOSE);
            }
        }
    }

    @Test
    void aSuccessorThatLeavesHalfwayLeavesTheEdgeServing() throws Exception {
        EdgeServer old = started(edge(2).listen(new InetSocketAddress(LOOPBACK, 0)), Snapshots.single(before));
        try (SocketChannel successor = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            successor.write(StandardCharsets.US_ASCII.encode("moor-edge-handoff 1\n"));
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            successor.read(buffer);
            assertThat(new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII))
                    .startsWith("listeners 2\nlistener 127.0.0.1 " + old.port() + "\n");
        }
        assertThat(get(old.port(), "/")).isEqualTo("old");

        int port = old.port();
        EdgeServer successor = started(edge(1).listen(new InetSocketAddress(LOOPBACK, port)).takeListenersFrom(socket),
                Snapshots.single(after));
        old.terminated().get(30, TimeUnit.SECONDS);
        assertThat(get(successor.port(), "/")).isEqualTo("new");
    }

    @Test
    void aClosedEdgeIsNotThere() throws Exception {
        EdgeServer old = started(edge(1).listen(new InetSocketAddress(LOOPBACK, 0)), Snapshots.single(before));
        int port = old.port();
        old.close();
        assertThat(Files.exists(socket)).as("the edge removes its handoff socket").isFalse();
        assertThatThrownBy(() -> get(port, "/")).isInstanceOf(ConnectException.class);
    }

    private static String readAll(SocketChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        while (channel.read(buffer) >= 0) {
            if (!buffer.hasRemaining()) {
                break;
            }
        }
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
    }

    /** A port of loopback that is free over TCP and over UDP (HTTP/3 binds the HTTPS port's UDP side too). */
    static int freePort() throws IOException {
        while (true) {
            try (ServerSocket probe = new ServerSocket(0, 1, LOOPBACK);
                 DatagramSocket udp = new DatagramSocket(new InetSocketAddress(LOOPBACK, probe.getLocalPort()))) {
                return probe.getLocalPort();
            } catch (BindException e) {
                // Taken over UDP: another one.
            }
        }
    }

    static String get(int port, String path) throws IOException {
        try (RawHttp http = new RawHttp(port)) {
            String response = http.send("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .readUntilClosed();
            if (response.isEmpty()) {
                throw new IOException("no response on port " + port);
            }
            return response.substring(response.indexOf("\r\n\r\n") + 4);
        }
    }
}

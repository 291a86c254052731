package dev.moor.edge;

import dev.moor.edge.tls.HttpsListener;
import dev.moor.snapshot.SnapshotProblem;
import dev.moor.snapshot.Timeouts;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.UnixChannel;
import io.netty.handler.codec.http3.Http3;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicCodecDispatcher;
import io.netty.handler.codec.quic.QuicConnectionIdGenerator;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * HTTP/3's UDP sockets: the snapshot's HTTPS port, bound on the edge's bind address while the port serves HTTP/3
 * ({@link HttpsListener#quic()}), closed when it stops. A new QUIC connection takes the TLS context of the snapshot
 * being served when its first packet arrives; connections keep theirs when a later snapshot swaps certificates.
 *
 * <p>With a native transport every event loop reads a socket of its own on the port (SO_REUSEPORT), as TCP accepts:
 * QUIC's cryptography, acknowledgements and loss recovery run per packet in user space, and a request's QUIC
 * connection lives on the loop of the socket that read its first packet, so a single socket would put every HTTP/3
 * client on one core while TCP's spread over all of them. Measured on one loop (3,000 sequential GETs on one
 * connection, proxied to a loopback backend, leak detection off): about 200 µs of the loop's CPU per HTTP/3 request
 * against 120–150 µs for HTTP/2 over TLS, so HTTP/3 needs the cores more, not less. The kernel picks a socket by the
 * client's address and port; the connection ids the edge issues name the socket whose loop serves the connection
 * ({@link QuicCodecDispatcher}), so a packet that arrives on another socket (the client's NAT rebound its port) is
 * passed to the right loop. NIO has one socket.
 *
 * <p>Limits per connection, in the spirit of HTTP/2's ({@link Http2ServerConnection}): 128 request streams open at
 * once (QUIC grants more as they finish), 1 MiB of request body in flight per stream and 16 MiB per connection
 * (what is not passed upstream yet holds the client back, stream by stream), and the transport's idle timeout of
 * the edge's default; the {@link ConnectionGuard} closes a connection without requests for that long. Clients are
 * not made to prove their address with a Retry: that would cost every connection a round trip, and QUIC already
 * bounds what the edge sends to an address it has not validated to three times what it received.
 *
 * <p>Handing over: the sockets go to a successor with the TCP listeners, but QUIC has no socket per connection
 * that could stay behind, so this edge serves its HTTP/3 connections out first. It takes no new connection (their
 * clients fall back to TCP, which the successor serves), sends GOAWAY, lets the requests in flight finish for a
 * while, closes what is left (CONNECTION_CLOSE: clients retry on a new connection) and only then lets go of the
 * sockets, which the successor reads from then on. Were both to read, a packet of either's connections could reach
 * the other, which knows nothing of it and drops it.
 *
 * <p>Thread-safe: binding waits for the event loops, so call it from a thread that is not one of them.
 */
final class QuicListener {
    private static final Logger LOG = LoggerFactory.getLogger(QuicListener.class);
    static final int MAX_STREAMS = 128;
    static final long MAX_STREAM_DATA = 1 << 20;
    static final long MAX_DATA = 16 << 20;
    private static final long IDLE_MILLIS = Timeouts.DEFAULT.idle().toMillis();

    /** The sockets of the port, one per loop with SO_REUSEPORT, and the dispatcher they share. */
    private record Group(InetSocketAddress address, List<Channel> channels) {}

    private final EdgeServer server;
    private final Transport transport;
    private final LoopContext[] loops;
    private final ByteBufAllocator allocator;
    private final InetAddress bindAddress;
    private Group group;
    /** The TLS context of new connections; null while the port serves no HTTP/3 (new connections are not taken). */
    private volatile QuicSslContext context;
    /** False once the edge stops or hands its sockets over: new connections are not taken. */
    private volatile boolean accepting = true;
    private boolean handingOver;
    /** Handed over, or closed: nothing is bound any more. */
    private boolean stopped;

    QuicListener(EdgeServer server, Transport transport, LoopContext[] loops, ByteBufAllocator allocator,
                 InetAddress bindAddress) {
        this.server = server;
        this.transport = transport;
        this.loops = loops;
        this.allocator = allocator;
        this.bindAddress = bindAddress;
    }

    /**
     * Serves HTTP/3 on the HTTPS port of {@code https} when it has a QUIC context (on the sockets handed over for
     * it, else bound now), and stops serving a port that no longer does. A port that cannot be bound is a problem
     * ({@code http3.443: Address already in use}); HTTPS goes on over TCP.
     */
    synchronized List<SnapshotProblem> sync(HttpsListener https, Map<InetSocketAddress, List<FileDescriptor>> handedOver) {
        QuicSslContext wanted = https == null ? null : https.quic();
        int port = wanted == null ? -1 : https.port();
        if (stopped) {
            return List.of();
        }
        if (group != null && group.address.getPort() != port && !handingOver) {
            close(group);
            LOG.info("edge stopped serving HTTP/3 on udp {}:{}", group.address.getHostString(), group.address.getPort());
            group = null;
        }
        context = wanted;
        if (wanted == null || group != null) {
            return List.of();
        }
        InetSocketAddress address = new InetSocketAddress(bindAddress, port);
        List<FileDescriptor> sockets = handedOver.remove(address);
        try {
            group = sockets == null ? bind(address) : adopt(address, sockets);
        } catch (RuntimeException e) {
            return List.of(new SnapshotProblem("http3." + port, EdgeServer.reason(e) + "; HTTPS is served over TCP"
                    + " only"));
        }
        LOG.info("edge serves HTTP/3 on udp {}:{}", address.getHostString(), port);
        return List.of();
    }

    /**
     * Serves the sockets handed over for a port of the bind address while no snapshot said yet whether HTTP/3 is
     * served (its connections are taken once one does), so that one says it before the port is let go.
     */
    synchronized void adoptUntilUpdated(Map<InetSocketAddress, List<FileDescriptor>> handedOver) {
        if (stopped || group != null) {
            return;
        }
        for (InetSocketAddress address : List.copyOf(handedOver.keySet())) {
            if (address.getAddress().equals(bindAddress)) {
                try {
                    group = adopt(address, handedOver.remove(address));
                } catch (RuntimeException e) {
                    LOG.warn("edge: cannot serve the UDP socket handed over for {}:{}: {}", address.getHostString(),
                            address.getPort(), EdgeServer.reason(e));
                }
                return;
            }
        }
    }

    /** Whether the edge serves HTTP/3 now: the port is bound and its connections are taken. */
    synchronized boolean serving() {
        return group != null && context != null && accepting;
    }

    /** The port's sockets start reading: those handed over wait until the predecessor let go of them. */
    synchronized void startReading() {
        if (group != null) {
            for (Channel channel : group.channels) {
                channel.eventLoop().execute(() -> channel.config().setAutoRead(true));
            }
        }
    }

    /** New connections are not taken any more (their first packets are dropped); those open go on. */
    void stopAccepting() {
        accepting = false;
    }

    private Group bind(InetSocketAddress address) {
        boolean perLoop = transport.reusePort().isPresent();
        int count = perLoop ? loops.length : 1;
        Dispatcher dispatcher = new Dispatcher();
        List<Channel> channels = new ArrayList<>(count);
        int port = address.getPort();
        try {
            for (int i = 0; i < count; i++) {
                Bootstrap bootstrap = bootstrap(i, dispatcher).channel(transport.datagramChannel());
                transport.reusePort().ifPresent(option -> bootstrap.option(option, true));
                ChannelFuture bound = bootstrap.bind(new InetSocketAddress(address.getAddress(), port))
                        .awaitUninterruptibly();
                if (!bound.isSuccess()) {
                    throw new IllegalStateException(bound.cause());
                }
                channels.add(bound.channel());
            }
        } catch (RuntimeException e) {
            channels.forEach(channel -> channel.close().awaitUninterruptibly());
            throw e;
        }
        return new Group(address, List.copyOf(channels));
    }

    /**
     * Serves UDP sockets a predecessor handed over; they read only from {@link #startReading()} on, once the
     * predecessor stopped reading them. A loop left without one gets a socket of its own, bound to the same port.
     */
    private Group adopt(InetSocketAddress address, List<FileDescriptor> sockets) {
        Dispatcher dispatcher = new Dispatcher();
        List<Channel> channels = new ArrayList<>(Math.max(sockets.size(), loops.length));
        int next = 0;
        try {
            for (; next < sockets.size(); next++) {
                int fd = sockets.get(next).intValue();
                ChannelFuture registered = bootstrap(next % loops.length, dispatcher)
                        .channelFactory(() -> new EpollDatagramChannel(fd))
                        .option(ChannelOption.AUTO_READ, false)
                        .register().awaitUninterruptibly();
                if (!registered.isSuccess()) {
                    throw new IllegalStateException(registered.cause());
                }
                channels.add(registered.channel());
            }
            for (int loop = sockets.size(); loop < loops.length; loop++) {
                Bootstrap bootstrap = bootstrap(loop, dispatcher).channel(transport.datagramChannel())
                        .option(ChannelOption.AUTO_READ, false);
                transport.reusePort().ifPresent(option -> bootstrap.option(option, true));
                ChannelFuture bound = bootstrap.bind(address).awaitUninterruptibly();
                if (!bound.isSuccess()) {
                    throw new IllegalStateException(bound.cause());
                }
                channels.add(bound.channel());
            }
        } catch (RuntimeException e) {
            channels.forEach(channel -> channel.close().awaitUninterruptibly());
            Listeners.closeQuietly(sockets.subList(Math.min(next + 1, sockets.size()), sockets.size()));
            throw e;
        }
        LOG.info("edge took over {} UDP socket(s) on {}:{}", sockets.size(), address.getHostString(),
                address.getPort());
        return new Group(address, List.copyOf(channels));
    }

    private Bootstrap bootstrap(int loop, Dispatcher dispatcher) {
        return new Bootstrap()
                .group(loops[loop].eventLoop)
                .option(ChannelOption.ALLOCATOR, allocator)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(new NewConnections(), dispatcher);
                        channel.pipeline().addLast(FAILURES);
                    }
                });
    }

    /**
     * The sockets to hand to a successor, in order; none is closed until {@link #handedOver} or
     * {@link #handOverFailed}.
     */
    synchronized List<ListeningSocket> handOver() {
        List<ListeningSocket> sockets = new ArrayList<>();
        if (stopped || group == null) {
            return sockets;
        }
        for (Channel channel : group.channels) {
            if (!(channel instanceof UnixChannel unix)) {
                throw new IllegalStateException("the " + transport.name() + " transport cannot hand sockets over");
            }
            if (channel.isOpen()) {
                sockets.add(new ListeningSocket(group.address, unix.fd(), true));
            }
        }
        handingOver = true;
        return sockets;
    }

    synchronized void handOverFailed() {
        handingOver = false;
    }

    /**
     * The successor took the sockets: this edge takes no new connection and binds nothing more; its connections are
     * served out ({@link EdgeServer}) before {@link #closeAll()} lets go of the sockets.
     */
    synchronized void handedOver() {
        handingOver = false;
        stopped = true;
        accepting = false;
    }

    /** Stops reading the sockets (closing this process's descriptors) and binds nothing more. */
    synchronized void closeAll() {
        stopped = true;
        accepting = false;
        if (group != null) {
            close(group);
            group = null;
        }
    }

    private static void close(Group listening) {
        List<ChannelFuture> closing = new ArrayList<>();
        for (Channel channel : listening.channels) {
            closing.add(channel.close());
        }
        closing.forEach(ChannelFuture::awaitUninterruptibly);
    }

    /** Builds each socket's QUIC codec, with connection ids that name the socket. */
    private final class Dispatcher extends QuicCodecDispatcher {
        @Override
        protected void initChannel(Channel channel, int localConnectionIdLength, QuicConnectionIdGenerator ids) {
            channel.pipeline().addLast(Http3.newQuicServerCodecBuilder()
                    .sslEngineProvider(quic -> {
                        QuicSslContext current = context;
                        if (current == null) {
                            throw new IllegalStateException("HTTP/3 is not served now");
                        }
                        return current.newEngine(quic.alloc());
                    })
                    .maxIdleTimeout(IDLE_MILLIS, TimeUnit.MILLISECONDS)
                    .initialMaxData(MAX_DATA)
                    .initialMaxStreamDataBidirectionalRemote(MAX_STREAM_DATA)
                    .initialMaxStreamsBidirectional(MAX_STREAMS)
                    .localConnectionIdLength(localConnectionIdLength)
                    .connectionIdAddressGenerator(ids)
                    .handler(new ChannelInitializer<QuicChannel>() {
                        @Override
                        protected void initChannel(QuicChannel quic) {
                            Http3ServerConnection.serve(quic, server, server.loopOf(quic.eventLoop()));
                        }
                    })
                    .build());
        }
    }

    /**
     * Drops the first packet of a new connection (a long-header Initial) while new connections are not taken: its
     * client gets no answer and falls back to TCP. Packets of open connections pass.
     */
    private final class NewConnections extends ChannelInboundHandlerAdapter {
        private static final int LONG_HEADER = 0x80;
        private static final int PACKET_TYPE = 0x30;
        private static final int INITIAL = 0x00;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(accepting && context != null) && msg instanceof DatagramPacket packet && initial(packet.content())) {
                ReferenceCountUtil.release(msg);
                return;
            }
            ctx.fireChannelRead(msg);
        }

        private static boolean initial(ByteBuf content) {
            if (!content.isReadable()) {
                return false;
            }
            int first = content.getUnsignedByte(content.readerIndex());
            return (first & LONG_HEADER) != 0 && (first & PACKET_TYPE) == INITIAL;
        }
    }

    private static final ChannelHandler FAILURES = new Failures();

    /** What the codec could not handle (a packet it could not parse, a connection it could not make): logged. */
    @ChannelHandler.Sharable
    private static final class Failures extends ChannelInboundHandlerAdapter {
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("HTTP/3 socket {}: {}", ctx.channel(), cause.toString());
        }
    }
}

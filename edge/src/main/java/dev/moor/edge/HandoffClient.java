package dev.moor.edge;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.DomainSocketReadMode;
import io.netty.channel.unix.FileDescriptor;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The successor's side of {@link HandoffProtocol}: takes the listening sockets of the edge serving at a path, and
 * later tells it to stop accepting. Blocking; call it from a thread that is not an event loop.
 */
final class HandoffClient {
    private static final Logger LOG = LoggerFactory.getLogger(HandoffClient.class);
    /** Stands for the end of the connection in the queue of what was read. */
    private static final Object CLOSED = new Object();

    private final Path path;
    private final Channel channel;
    private final BlockingQueue<Object> received;
    private final Duration timeout;
    private final List<ListeningSocket> sockets;

    private HandoffClient(Path path, Channel channel, BlockingQueue<Object> received, Duration timeout,
                          List<ListeningSocket> sockets) {
        this.path = path;
        this.channel = channel;
        this.received = received;
        this.timeout = timeout;
        this.sockets = sockets;
    }

    /**
     * What the predecessor serving at {@code path} handed over; null when none serves there (no socket, or nobody
     * listening on it: an edge that crashed). A predecessor of before HTTP/3 hands its TCP listeners only.
     *
     * @throws IllegalStateException when a predecessor answered but did not hand its sockets over: binding beside it
     *                               would leave the connections queued on its sockets to be reset when it stops
     */
    static HandoffClient take(Path path, EventLoopGroup group, Duration timeout) {
        try {
            return take(path, group, timeout, HandoffProtocol.VERSION);
        } catch (TcpOnlyPredecessor e) {
            LOG.info("edge: the edge at {} hands TCP listeners only (version {} of the handoff); asking it so", path,
                    HandoffProtocol.VERSION_TCP_ONLY);
            return take(path, group, timeout, HandoffProtocol.VERSION_TCP_ONLY);
        }
    }

    private static HandoffClient take(Path path, EventLoopGroup group, Duration timeout, int version) {
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        ChannelFuture connected = new Bootstrap()
                .group(group)
                .channel(EpollDomainSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(timeout.toMillis(), Integer.MAX_VALUE))
                .handler(new ChannelInitializer<EpollDomainSocketChannel>() {
                    @Override
                    protected void initChannel(EpollDomainSocketChannel channel) {
                        HandoffProtocol.addLineCodec(channel.pipeline());
                        channel.pipeline().addLast(new Receiver(received));
                    }
                })
                .connect(new DomainSocketAddress(path.toString()))
                .awaitUninterruptibly();
        if (!connected.isSuccess()) {
            Throwable cause = connected.cause();
            if (cause instanceof FileNotFoundException || cause instanceof ConnectException) {
                LOG.info("edge: no edge to take listeners from at {} ({}); binding them", path,
                        cause instanceof FileNotFoundException ? "no such socket" : EdgeServer.reason(cause));
                return null;
            }
            throw new IllegalStateException("edge: cannot reach the handoff socket " + path + ": "
                    + EdgeServer.reason(cause), cause);
        }
        Channel channel = connected.channel();
        List<ListeningSocket> sockets = new ArrayList<>();
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            int uid = HandoffProtocol.currentUid();
            int peer = ((EpollDomainSocketChannel) channel).peerCredentials().uid();
            if (peer != uid) {
                throw new IOException("its uid is " + peer + " (expected: " + uid + ", this edge's own)");
            }
            channel.writeAndFlush(HandoffProtocol.line(HandoffProtocol.HELLO + " " + version));
            String head = line(received, deadline, HandoffProtocol.LISTENERS + " N");
            int count = count(head, version);
            List<HandoffProtocol.Announced> announced = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                announced.add(parse(line(received, deadline, HandoffProtocol.LISTENER + " ADDRESS PORT"), version));
            }
            // The edge sends nothing until asked, so nothing is read in the wrong mode.
            readMode(channel, DomainSocketReadMode.FILE_DESCRIPTORS);
            channel.writeAndFlush(HandoffProtocol.line(HandoffProtocol.SEND));
            for (HandoffProtocol.Announced socket : announced) {
                Object next = next(received, deadline, "a file descriptor");
                if (!(next instanceof FileDescriptor fd)) {
                    throw new IOException("received " + next + " (expected: a file descriptor)");
                }
                sockets.add(new ListeningSocket(socket.address(), fd, socket.datagram()));
            }
            readMode(channel, DomainSocketReadMode.BYTES);
            LOG.info("edge took {} listening socket(s) from the edge at {}", sockets.size(), path);
            return new HandoffClient(path, channel, received, timeout, List.copyOf(sockets));
        } catch (IOException | RuntimeException e) {
            Listeners.closeQuietly(sockets.stream().map(ListeningSocket::fd).toList());
            channel.close().awaitUninterruptibly();
            for (Object late : received) {
                if (late instanceof FileDescriptor fd) {
                    Listeners.closeQuietly(List.of(fd));
                }
            }
            if (e instanceof TcpOnlyPredecessor tcpOnly) {
                throw tcpOnly;
            }
            throw new IllegalStateException("edge: the edge at " + path + " did not hand its listening sockets over: "
                    + e.getMessage() + "; it serves on", e);
        }
    }

    /** The TCP listeners handed over, by address. */
    Map<InetSocketAddress, List<FileDescriptor>> sockets() {
        return Listeners.byAddress(sockets, false);
    }

    /** HTTP/3's UDP sockets handed over, by address. */
    Map<InetSocketAddress, List<FileDescriptor>> datagramSockets() {
        return Listeners.byAddress(sockets, true);
    }

    /**
     * Tells the predecessor this edge accepts on the sockets: it stops accepting, drains and closes. Waits for it
     * to confirm it stopped accepting (up to the timeout).
     */
    void accepting() {
        try {
            channel.writeAndFlush(HandoffProtocol.line(HandoffProtocol.ACCEPTING));
            String reply = line(received, System.nanoTime() + timeout.toNanos(), HandoffProtocol.STOPPED);
            if (!reply.equals(HandoffProtocol.STOPPED)) {
                throw new IOException("unexpected line: " + reply + " (expected: " + HandoffProtocol.STOPPED + ")");
            }
            LOG.info("edge at {} stopped accepting: this edge serves alone", path);
        } catch (IOException e) {
            LOG.warn("edge: the edge at {} did not confirm it stopped accepting: {}", path, e.getMessage());
        } finally {
            channel.close().awaitUninterruptibly();
        }
    }

    /** This edge could not start: the predecessor serves on; the sockets it did not adopt are closed by the caller. */
    void abandon() {
        channel.close().awaitUninterruptibly();
    }

    private static void readMode(Channel channel, DomainSocketReadMode mode) {
        channel.eventLoop().submit(() -> channel.config().setOption(EpollChannelOption.DOMAIN_SOCKET_READ_MODE, mode))
                .syncUninterruptibly();
    }

    private static int count(String line, int version) throws IOException {
        String prefix = HandoffProtocol.LISTENERS + " ";
        if (line.startsWith(prefix)) {
            try {
                int count = Integer.parseInt(line.substring(prefix.length()));
                if (count >= 0 && count <= 65_536) {
                    return count;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        if (version != HandoffProtocol.VERSION_TCP_ONLY && line.startsWith(HandoffProtocol.ERROR + " ")
                && line.endsWith("(expected: " + HandoffProtocol.HELLO + " " + HandoffProtocol.VERSION_TCP_ONLY + ")")) {
            throw new TcpOnlyPredecessor();
        }
        throw new IOException(line.startsWith(HandoffProtocol.ERROR + " ") ? "it answered: " + line
                : "unexpected line: " + line + " (expected: " + prefix + "N)");
    }

    private static HandoffProtocol.Announced parse(String line, int version) throws IOException {
        try {
            return HandoffProtocol.parseListener(line, version);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static String line(BlockingQueue<Object> received, long deadline, String expected) throws IOException {
        Object next = next(received, deadline, expected);
        if (next instanceof String line) {
            return line;
        }
        if (next instanceof FileDescriptor fd) {
            fd.close();
        }
        throw new IOException("received " + next + " (expected: " + expected + ")");
    }

    private static Object next(BlockingQueue<Object> received, long deadline, String expected) throws IOException {
        try {
            Object next = received.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (next == null) {
                throw new IOException("timed out waiting for " + expected);
            }
            if (next == CLOSED) {
                throw new IOException("it closed the connection (expected: " + expected + ")");
            }
            if (next instanceof Throwable failure) {
                throw new IOException(EdgeServer.reason(failure), failure);
            }
            return next;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for " + expected, e);
        }
    }

    /** The predecessor is an edge of before HTTP/3: it speaks version 1 of the handoff only. */
    private static final class TcpOnlyPredecessor extends RuntimeException {
        TcpOnlyPredecessor() {
            super(null, null, false, false);
        }
    }

    /** Queues what the connection reads (lines and descriptors), its failure and its end. */
    private static final class Receiver extends ChannelInboundHandlerAdapter {
        private final BlockingQueue<Object> received;

        Receiver(BlockingQueue<Object> received) {
            this.received = received;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof String || msg instanceof FileDescriptor) {
                received.add(msg);
            } else {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            received.add(cause);
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            received.add(CLOSED);
        }
    }
}

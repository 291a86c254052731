package dev.moor.edge;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The old edge's side of {@link HandoffProtocol}: a Unix domain socket, readable and writable by its owner only,
 * where a successor takes the edge's listening sockets. Once the successor accepts on them, the edge stops
 * accepting and closes (draining its connections).
 */
final class HandoffServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HandoffServer.class);

    /** What the edge does for a successor. */
    interface Edge {
        /**
         * The sockets to hand over, with HTTP/3's UDP sockets when {@code datagrams}; none closes until one of the two
         * calls below.
         */
        List<ListeningSocket> handOver(boolean datagrams);

        /** The successor gave up. */
        void handOverFailed();

        /**
         * The successor accepts: stop accepting now, and serve the HTTP/3 connections out (returns once no socket
         * accepts or reads here); close later.
         */
        void handedOver();
    }

    private final Path path;
    private final Channel channel;
    private final Object fileKey;

    private HandoffServer(Path path, Channel channel, Object fileKey) {
        this.path = path;
        this.channel = channel;
        this.fileKey = fileKey;
    }

    /**
     * Serves at {@code path}, replacing what is there (the predecessor's socket, once it handed its sockets over).
     * The socket is bound under a temporary name, made 0600, then renamed into place, so it is never reachable with
     * wider permissions.
     *
     * @throws IllegalStateException when it cannot be served there, with the reason
     */
    static HandoffServer start(Path path, EventLoopGroup group, Duration timeout, Edge edge) {
        int uid = HandoffProtocol.currentUid();
        Path temporary = path.resolveSibling(path.getFileName() + "." + Long.toHexString(
                ThreadLocalRandom.current().nextLong() >>> 16));
        ChannelFuture bound = new ServerBootstrap()
                .group(group)
                .channel(EpollServerDomainSocketChannel.class)
                .childHandler(new ChannelInitializer<EpollDomainSocketChannel>() {
                    @Override
                    protected void initChannel(EpollDomainSocketChannel channel) {
                        HandoffProtocol.addLineCodec(channel.pipeline());
                        channel.pipeline().addLast(new Session(edge, uid, timeout));
                    }
                })
                .bind(new DomainSocketAddress(temporary.toString()))
                .awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new IllegalStateException("edge: cannot serve the handoff socket " + path + ": "
                    + EdgeServer.reason(bound.cause()), bound.cause());
        }
        try {
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Object fileKey = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            LOG.info("edge hands its listeners over at {}", path);
            return new HandoffServer(path, bound.channel(), fileKey);
        } catch (IOException | RuntimeException e) {
            bound.channel().close().awaitUninterruptibly();
            deleteQuietly(temporary);
            throw new IllegalStateException("edge: cannot serve the handoff socket " + path + ": " + e.getMessage(), e);
        }
    }

    /** Stops serving; removes the socket file unless a successor's replaced it. */
    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
        try {
            Object current = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            if (Objects.equals(current, fileKey)) {
                Files.delete(path);
            }
        } catch (NoSuchFileException e) {
            LOG.debug("handoff socket {} already gone", path);
        } catch (IOException e) {
            LOG.debug("cannot remove the handoff socket {}", path, e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debug("cannot remove {}", file, e);
        }
    }

    /** One successor's connection. */
    private static final class Session extends SimpleChannelInboundHandler<String> {
        private enum Step { HELLO, SEND, ACCEPTING, DONE }

        private final Edge edge;
        private final int uid;
        private final Duration timeout;
        private Step step = Step.HELLO;
        private int version;
        private List<ListeningSocket> sockets;
        private ScheduledFuture<?> timer;

        Session(Edge edge, int uid, Duration timeout) {
            this.edge = edge;
            this.uid = uid;
            this.timeout = timeout;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws IOException {
            int peer = ((EpollDomainSocketChannel) ctx.channel()).peerCredentials().uid();
            if (peer != uid) {
                fail(ctx, "uid " + peer + " (expected: " + uid + ", the edge's own)");
                return;
            }
            timer = ctx.executor().schedule(() -> fail(ctx, "no handoff within " + timeout.toMillis() + " ms"),
                    timeout.toNanos(), TimeUnit.NANOSECONDS);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, String line) {
            switch (step) {
                case HELLO -> hello(ctx, line);
                case SEND -> send(ctx, line);
                case ACCEPTING -> accepting(ctx, line);
                case DONE -> fail(ctx, "unexpected line: " + line + " (expected: none)");
            }
        }

        private void hello(ChannelHandlerContext ctx, String line) {
            String prefix = HandoffProtocol.HELLO + " ";
            String expected = prefix + HandoffProtocol.VERSION + " or " + prefix + HandoffProtocol.VERSION_TCP_ONLY;
            if (line.equals(prefix + HandoffProtocol.VERSION)) {
                version = HandoffProtocol.VERSION;
            } else if (line.equals(prefix + HandoffProtocol.VERSION_TCP_ONLY)) {
                version = HandoffProtocol.VERSION_TCP_ONLY;
            } else {
                fail(ctx, "unexpected line: " + line + " (expected: " + expected + ")");
                return;
            }
            try {
                sockets = edge.handOver(version != HandoffProtocol.VERSION_TCP_ONLY);
            } catch (IllegalStateException e) {
                fail(ctx, e.getMessage());
                return;
            }
            ctx.write(HandoffProtocol.line(HandoffProtocol.LISTENERS + " " + sockets.size()));
            for (ListeningSocket socket : sockets) {
                ctx.write(HandoffProtocol.line(HandoffProtocol.listenerLine(socket, version)));
            }
            ctx.flush();
            step = Step.SEND;
        }

        private void send(ChannelHandlerContext ctx, String line) {
            if (!line.equals(HandoffProtocol.SEND)) {
                fail(ctx, "unexpected line: " + line + " (expected: " + HandoffProtocol.SEND + ")");
                return;
            }
            for (ListeningSocket socket : sockets) {
                ctx.write(socket.fd()).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
            }
            ctx.flush();
            step = Step.ACCEPTING;
        }

        private void accepting(ChannelHandlerContext ctx, String line) {
            if (!line.equals(HandoffProtocol.ACCEPTING)) {
                fail(ctx, "unexpected line: " + line + " (expected: " + HandoffProtocol.ACCEPTING + ")");
                return;
            }
            step = Step.DONE;
            cancelTimer();
            edge.handedOver();
            LOG.info("edge handed {} listening socket(s) over to its successor: it accepts no more", sockets.size());
            ctx.writeAndFlush(HandoffProtocol.line(HandoffProtocol.STOPPED)).addListener(ChannelFutureListener.CLOSE);
        }

        private void fail(ChannelHandlerContext ctx, String message) {
            LOG.warn("edge: handoff to a successor failed: {}", message);
            ctx.writeAndFlush(HandoffProtocol.line(HandoffProtocol.ERROR + " " + message))
                    .addListener(ChannelFutureListener.CLOSE);
            abandon();
        }

        private void abandon() {
            cancelTimer();
            if (sockets != null && step != Step.DONE) {
                step = Step.DONE;
                edge.handOverFailed();
            }
            step = Step.DONE;
        }

        private void cancelTimer() {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (step != Step.DONE) {
                LOG.warn("edge: the successor left before taking the listeners; serving on");
            }
            abandon();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            fail(ctx, EdgeServer.reason(cause));
        }
    }
}

package dev.moor.api;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local REST API of a running Moor, served on a Unix domain socket that only the owner of the process
 * (and root) may use: the socket lives in an owner-only directory, is itself owner-only, and every connection's
 * peer credentials are checked. Handlers run on virtual threads.
 */
public final class LocalApiServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalApiServer.class);

    private final Path socket;
    private final Map<String, Map<HttpMethod, Route>> routes;
    private EventLoopGroup group;
    private ExecutorService handlers;
    private Channel listener;
    private ChannelGroup connections;
    private boolean closed;

    LocalApiServer(Path socket, Map<String, Map<HttpMethod, Route>> routes) {
        this.socket = socket;
        this.routes = routes;
    }

    public static LocalApiServerBuilder builder() {
        return new LocalApiServerBuilder();
    }

    public Path socket() {
        return socket;
    }

    /**
     * Binds the socket and starts answering.
     *
     * @throws IllegalStateException when another Moor already serves the socket, or it cannot be bound; the
     *                               message names the socket and the reason
     */
    public synchronized void start() {
        if (closed || listener != null) {
            throw new IllegalStateException("local API on " + socket + ": already " + (closed ? "closed" : "started"));
        }
        try {
            SocketFile.prepareForBind(socket);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serve the local API on " + socket + ": " + e.getMessage(), e);
        }
        group = EpollTransport.newGroup("moor-api", 2);
        handlers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("moor-api-handler-", 0).factory());
        // Stays closed: a connection accepted while the server closes is closed as it is added.
        connections = new DefaultChannelGroup("moor-api-connections", GlobalEventExecutor.INSTANCE, true);
        ApiChannelInitializer initializer = new ApiChannelInitializer(routes, handlers, connections);
        try {
            listener = new ServerBootstrap()
                    .group(group)
                    .channel(EpollServerDomainSocketChannel.class)
                    // Accept nothing until the socket is owner-only and the owner's uid is known.
                    .option(ChannelOption.AUTO_READ, false)
                    .childHandler(initializer)
                    .bind(new DomainSocketAddress(socket.toFile()))
                    .sync()
                    .channel();
            SocketFile.restrictToOwner(socket);
            initializer.admit(new AllowedPeers(SocketFile.ownerUid(socket)));
            listener.config().setAutoRead(true);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            release();
            throw new IllegalStateException("cannot serve the local API on " + socket + ": " + e.getMessage(), e);
        }
        LOG.info("local API listening on {}", socket);
    }

    /** Stops answering, ends open streams (their {@link LineSink#onClose} actions run) and deletes the socket. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (group != null) {
            release();
        }
    }

    private void release() {
        if (listener != null) {
            listener.close().syncUninterruptibly();
            // Only the socket this server bound: a failed bind must not delete another server's socket.
            SocketFile.delete(socket);
            listener = null;
        }
        // Ends the streams and runs their close actions. Closed here, not left to the event loops' shutdown:
        // Netty 4.2 may stop a loop without closing its channels when the shutdown starts mid-iteration.
        connections.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        group = null;
        handlers.shutdownNow();
        handlers = null;
    }
}

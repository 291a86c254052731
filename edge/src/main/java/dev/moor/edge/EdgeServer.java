package dev.moor.edge;

import dev.moor.edge.observe.EdgeMetrics;
import dev.moor.edge.observe.RouteMeters;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Moor's edge: an HTTP/1.1 reverse proxy that routes each request by an {@link EdgeSnapshot}.
 *
 * <p>Each event loop accepts on its own listening socket (SO_REUSEPORT, with the native transports) and
 * opens, pools and serves the upstream connections of its client connections itself, so a request never
 * changes threads. {@link #update} swaps the snapshot atomically; endpoints that leave it drain.
 *
 * <pre>{@code
 * EdgeServer edge = EdgeServer.builder().listen(new InetSocketAddress(8080)).threads(2).build();
 * edge.start();
 * List<SnapshotProblem> problems = edge.update(snapshot);
 * }</pre>
 */
public final class EdgeServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EdgeServer.class);
    private static final long CLOSE_POLL_MILLIS = 10;
    private static final long PUBLISH_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(1);

    final Consumer<AccessLogEntry> accessLog;
    /** Requests that match no route, or are rejected before routing. */
    final RouteMeters unmatchedMeters;
    /** Set by {@link #close}: connections finish their current request and close. */
    volatile boolean closing;

    private final InetSocketAddress listen;
    private final int threads;
    private final IoTransport wantedTransport;
    private Transport transport;
    private final ByteBufAllocator allocator = PooledByteBufAllocator.DEFAULT;
    private final SnapshotCompiler compiler;
    private final Object updates = new Object();
    private Map<String, EndpointState> endpoints = Map.of();
    private volatile ProxySnapshot snapshot = ProxySnapshot.EMPTY;
    private volatile LoopContext[] loops;
    private MultiThreadIoEventLoopGroup group;
    private final List<Channel> listeners = new ArrayList<>();
    private int port = -1;
    private boolean started;
    private boolean closed;

    EdgeServer(InetSocketAddress listen, int threads, IoTransport transport, Consumer<AccessLogEntry> accessLog,
               EdgeMetrics metrics) {
        this.listen = listen;
        this.threads = threads;
        this.wantedTransport = transport;
        this.accessLog = accessLog;
        this.compiler = new SnapshotCompiler(metrics, threads);
        this.unmatchedMeters = metrics.route("unmatched");
    }

    public static EdgeServerBuilder builder() {
        return new EdgeServerBuilder();
    }

    /**
     * Binds the listen address and starts serving.
     *
     * @throws IllegalStateException when the address cannot be bound, the transport asked for is not available, or
     *                               the server was started or closed before
     */
    public synchronized void start() {
        if (started || closed) {
            throw new IllegalStateException("edge: " + (closed ? "closed" : "already started"));
        }
        transport = Transport.of(wantedTransport);
        started = true;
        group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("moor-edge", true),
                transport.ioHandlerFactory());
        List<LoopContext> contexts = new ArrayList<>();
        for (EventExecutor executor : group) {
            contexts.add(new LoopContext(contexts.size(), (EventLoop) executor, transport, allocator));
        }
        loops = contexts.toArray(LoopContext[]::new);
        try {
            bind();
        } catch (RuntimeException e) {
            listeners.forEach(Channel::close);
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
            closed = true;
            throw new IllegalStateException("edge: cannot listen on " + listen.getHostString() + ":" + listen.getPort()
                    + ": " + reason(e), e);
        }
        LOG.info("edge listening on {}:{} with {} {} event loop(s)", listen.getHostString(), port, threads,
                transport.name());
    }

    private void bind() {
        int boundPort = listen.getPort();
        LoopContext[] all = loops;
        boolean perLoop = transport.reusePort().isPresent();
        int listenerCount = perLoop ? all.length : 1;
        for (int i = 0; i < listenerCount; i++) {
            LoopContext acceptor = all[i];
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(acceptor.eventLoop, perLoop ? acceptor.eventLoop : group)
                    .channel(transport.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 4096)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.SO_KEEPALIVE, true)
                    .childOption(ChannelOption.ALLOCATOR, allocator)
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel channel) {
                            LoopContext loop = loopOf(channel.eventLoop());
                            ProxyResponseEncoder encoder = new ProxyResponseEncoder();
                            channel.pipeline().addLast(new H2cPriorKnowledge(EdgeServer.this, loop),
                                    new StrictRequestDecoder(), encoder, new H2cUpgradeHandler(EdgeServer.this, loop),
                                    new ClientConnection(EdgeServer.this, loop, encoder));
                        }
                    });
            transport.reusePort().ifPresent(option -> bootstrap.option(option, true));
            ChannelFuture bound = bootstrap.bind(new InetSocketAddress(listen.getAddress(), boundPort)).awaitUninterruptibly();
            if (!bound.isSuccess()) {
                throw new IllegalStateException(bound.cause());
            }
            listeners.add(bound.channel());
            boundPort = ((InetSocketAddress) bound.channel().localAddress()).getPort();
        }
        port = boundPort;
    }

    private LoopContext loopOf(EventLoop eventLoop) {
        for (LoopContext loop : loops) {
            if (loop.eventLoop == eventLoop) {
                return loop;
            }
        }
        throw new IllegalStateException("edge: a channel on an event loop the edge does not own: " + eventLoop);
    }

    private static String reason(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage();
            if (message != null && message.contains("Address already in use")) {
                return "Address already in use";
            }
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /**
     * Serves {@code next} from now on: requests that start after the swap see it whole. Broken parts (a route
     * without a usable cluster, a bad trusted-proxy CIDR, an unresolvable endpoint...) are skipped and returned;
     * the rest serves. Endpoints that left drain.
     */
    public List<SnapshotProblem> update(EdgeSnapshot next) {
        Objects.requireNonNull(next, "snapshot");
        synchronized (updates) {
            SnapshotCompiler.Compiled compiled = compiler.compile(next, endpoints);
            endpoints = compiled.endpoints();
            snapshot = compiled.snapshot();
            LoopContext[] current = loops;
            for (EndpointState retired : compiled.retired()) {
                retired.retired = true;
                if (current != null) {
                    for (LoopContext loop : current) {
                        drain(loop, retired, compiled.snapshot().drainTimeout);
                    }
                }
            }
            compiled.problems().forEach(problem -> LOG.warn("edge snapshot {}: {}", next.version(), problem.render()));
            return compiled.problems();
        }
    }

    private static void drain(LoopContext loop, EndpointState endpoint, java.time.Duration drainTimeout) {
        try {
            loop.eventLoop.execute(() -> loop.retire(endpoint, drainTimeout));
        } catch (RejectedExecutionException e) {
            LOG.debug("edge closing, endpoint {} not drained", endpoint);
        }
    }

    ProxySnapshot snapshot() {
        return snapshot;
    }

    /** The bound port (the actual one when listening on port 0). */
    public synchronized int port() {
        if (port < 0) {
            throw new IllegalStateException("edge: not listening (call start() first)");
        }
        return port;
    }

    /** The transport serving connections: the one asked for, or the one {@link IoTransport#AUTO} picked. */
    public synchronized IoTransport transport() {
        if (port < 0) {
            throw new IllegalStateException("edge: not listening (call start() first)");
        }
        return transport.kind();
    }

    /**
     * Applies the meter samples that every event loop has buffered to the meters, so that a scrape right after
     * sees every request answered so far. Waits up to a second for the loops; call it from a thread that is not
     * one of them.
     */
    public void publishMeters() {
        LoopContext[] all = loops;
        if (all == null) {
            return;
        }
        long deadline = System.nanoTime() + PUBLISH_TIMEOUT_NANOS;
        List<Future<?>> flushes = new ArrayList<>(all.length);
        for (LoopContext loop : all) {
            try {
                flushes.add(loop.eventLoop.submit(loop.meterBuffer::flush));
            } catch (RejectedExecutionException e) {
                LOG.debug("edge closing: the loop flushed its meter samples when it closed its connections");
            }
        }
        for (Future<?> flush : flushes) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !flush.awaitUninterruptibly(left, TimeUnit.NANOSECONDS)) {
                LOG.debug("an event loop did not flush its meter samples within {} ms",
                        PUBLISH_TIMEOUT_NANOS / 1_000_000);
                return;
            }
        }
    }

    /**
     * Stops accepting, lets the requests in flight finish (up to the snapshot's drain timeout), then closes every
     * connection and stops the event loops. Call it from a thread that is not one of the edge's event loops.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (group == null) {
            return;
        }
        closing = true;
        listeners.forEach(listener -> listener.close().syncUninterruptibly());
        LoopContext[] all = loops;
        for (LoopContext loop : all) {
            loop.eventLoop.execute(loop::stopServing);
        }
        long deadline = System.nanoTime() + snapshot.drainTimeout.toNanos();
        while (busyClients(all) > 0 && System.nanoTime() - deadline < 0) {
            sleep();
        }
        for (LoopContext loop : all) {
            loop.eventLoop.execute(loop::closeAll);
        }
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static int busyClients(LoopContext[] all) {
        int busy = 0;
        for (LoopContext loop : all) {
            try {
                busy += loop.eventLoop.submit(loop::busyClients).get(1, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                LOG.debug("cannot count busy connections of an event loop", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            }
        }
        return busy;
    }

    private static void sleep() {
        try {
            Thread.sleep(CLOSE_POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.moor.edge.observe;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Serves the Prometheus text format on {@code GET /metrics} from a thread of its own, away from the proxy's
 * event loops.
 */
public final class MetricsEndpoint implements AutoCloseable {
    private final EventLoopGroup group;
    private final Channel channel;
    private final ChannelGroup connections;

    private MetricsEndpoint(EventLoopGroup group, Channel channel, ChannelGroup connections) {
        this.group = group;
        this.channel = channel;
        this.connections = connections;
    }

    /**
     * Binds (with SO_REUSEPORT, so that the edge replacing this one can listen beside it) and starts serving.
     *
     * @param address      where to listen; port 0 picks a free port
     * @param beforeScrape runs before each scrape, on the endpoint's thread: where buffered samples reach the
     *                     registry (the edge's {@code publishMeters})
     * @throws IllegalStateException when the address cannot be bound
     */
    public static MetricsEndpoint start(InetSocketAddress address, PrometheusMeterRegistry registry,
                                        Runnable beforeScrape) {
        Objects.requireNonNull(address, "address");
        MetricsRequestHandler handler = new MetricsRequestHandler(Objects.requireNonNull(registry, "registry"),
                Objects.requireNonNull(beforeScrape, "beforeScrape"));
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
                new DefaultThreadFactory("moor-edge-metrics", true), NioIoHandler.newFactory());
        ChannelGroup connections = new DefaultChannelGroup("moor-edge-metrics", GlobalEventExecutor.INSTANCE, true);
        try {
            Channel channel = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    // The edge that replaces this one listens beside it until it took over.
                    .option(NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT), true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            connections.add(ch);
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpServerKeepAliveHandler(), handler);
                        }
                    })
                    .bind(address)
                    .syncUninterruptibly()
                    .channel();
            return new MetricsEndpoint(group, channel, connections);
        } catch (Exception e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
            throw new IllegalStateException("metrics endpoint: cannot listen on "
                    + address.getHostString() + ":" + address.getPort() + ": " + e.getMessage(), e);
        }
    }

    /** The port it listens on. */
    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Stops listening, closes open connections and stops the thread. */
    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        // Closed here, not left to the event loop's shutdown: Netty 4.2 may stop a loop without closing its
        // channels when the shutdown starts mid-iteration.
        connections.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}

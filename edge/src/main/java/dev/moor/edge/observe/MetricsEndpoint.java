package dev.moor.edge.observe;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Serves the Prometheus text format on {@code GET /metrics} from a thread of its own, away from the proxy's
 * event loops.
 */
public final class MetricsEndpoint implements AutoCloseable {
    private final EventLoopGroup group;
    private final Channel channel;

    private MetricsEndpoint(EventLoopGroup group, Channel channel) {
        this.group = group;
        this.channel = channel;
    }

    /**
     * Binds and starts serving.
     *
     * @param address where to listen; port 0 picks a free port
     * @throws IllegalStateException when the address cannot be bound
     */
    public static MetricsEndpoint start(InetSocketAddress address, PrometheusMeterRegistry registry) {
        Objects.requireNonNull(address, "address");
        MetricsRequestHandler handler = new MetricsRequestHandler(Objects.requireNonNull(registry, "registry"));
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
                new DefaultThreadFactory("moor-edge-metrics", true), NioIoHandler.newFactory());
        try {
            Channel channel = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpServerKeepAliveHandler(), handler);
                        }
                    })
                    .bind(address)
                    .syncUninterruptibly()
                    .channel();
            return new MetricsEndpoint(group, channel);
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
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}

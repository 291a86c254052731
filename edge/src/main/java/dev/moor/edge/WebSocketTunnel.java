package dev.moor.edge;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * A client connection and its upstream connection after the upstream answered a WebSocket handshake with 101:
 * the HTTP codecs leave both pipelines and bytes flow through unchanged both ways, each side read only while the
 * other can take more. When either side closes, the other is closed once what it was sent is written; when
 * nothing arrives from either side for the route's idle timeout, both close. Confined to one event loop.
 */
final class WebSocketTunnel {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketTunnel.class);

    private final Channel client;
    private final Channel upstream;
    private final long idleNanos;
    private long lastActivityNanos = System.nanoTime();
    private ScheduledFuture<?> timer;
    private boolean closed;

    private WebSocketTunnel(Channel client, Channel upstream, long idleNanos) {
        this.client = client;
        this.upstream = upstream;
        this.idleNanos = idleNanos;
    }

    /**
     * Turns the connections of an exchange whose 101 was just written to the client into a tunnel. Called after
     * the exchange ended, with the client's HTTP handlers still in place (the upstream connection has no codec:
     * its response parser already passed on what followed the 101).
     */
    static void open(ClientConnection clientConnection, UpstreamConnection upstreamConnection, long idleNanos) {
        Channel client = clientConnection.channel();
        Channel upstream = upstreamConnection.channel;
        if (clientConnection.exchange != null || !client.isActive() || !upstream.isActive()) {
            // The client left meanwhile, or sent another request instead of waiting for the 101.
            client.close();
            upstream.close();
            return;
        }
        WebSocketTunnel tunnel = new WebSocketTunnel(client, upstream, idleNanos);
        ChannelPipeline clientPipeline = client.pipeline();
        ChannelPipeline upstreamPipeline = upstream.pipeline();
        // The encoder goes before any relayed byte can reach it; the decoder goes last, handing the bytes it still
        // held (sent right after the handshake) to the relay that takes its place.
        clientPipeline.remove(ProxyResponseEncoder.class);
        clientPipeline.remove(clientConnection);
        clientPipeline.addLast(tunnel.new Relay(upstream));
        upstreamPipeline.remove(upstreamConnection);
        upstreamPipeline.addLast(tunnel.new Relay(client));
        clientPipeline.remove(StrictRequestDecoder.class);
        client.config().setAutoRead(upstream.isWritable());
        upstream.config().setAutoRead(client.isWritable());
        tunnel.armTimer(idleNanos);
        upstreamConnection.pool.tunnelOpened(upstream);
    }

    private void armTimer(long delayNanos) {
        timer = client.eventLoop().schedule(this::timerFired, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void timerFired() {
        if (closed) {
            return;
        }
        long idleFor = System.nanoTime() - lastActivityNanos;
        if (idleFor >= idleNanos) {
            LOG.debug("WebSocket tunnel {} idle, closing", client);
            closed = true;
            client.close();
            upstream.close();
        } else {
            armTimer(idleNanos - idleFor);
        }
    }

    private void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (timer != null) {
            timer.cancel(false);
        }
        closeAfterWrites(client);
        closeAfterWrites(upstream);
    }

    private static void closeAfterWrites(Channel channel) {
        if (channel.isActive()) {
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Relays what one side reads to the other side, its peer. */
    private final class Relay extends ChannelInboundHandlerAdapter {
        private final Channel peer;
        private boolean written;

        Relay(Channel peer) {
            this.peer = peer;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof ByteBuf bytes)) {
                // What the removed HTTP decoder still produced for the 101 (its end-of-message marker).
                ReferenceCountUtil.release(msg);
                return;
            }
            lastActivityNanos = System.nanoTime();
            peer.write(bytes, peer.voidPromise());
            written = true;
            if (!peer.isWritable()) {
                ctx.channel().config().setAutoRead(false);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (written) {
                written = false;
                peer.flush();
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            peer.config().setAutoRead(ctx.channel().isWritable());
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            close();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof IOException) {
                LOG.debug("WebSocket tunnel {} failed: {}", ctx.channel(), cause.toString());
            } else {
                LOG.warn("WebSocket tunnel {} failed", ctx.channel(), cause);
            }
            close();
        }
    }
}

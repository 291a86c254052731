package dev.moor.edge;

import dev.moor.snapshot.Timeouts;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * One keep-alive connection to an endpoint, on the event loop of the client connections it serves. Its bytes go
 * through a {@link ResponseParser} to the exchange that owns it; while idle in its pool it owns nothing, and
 * anything it reads then (the endpoint should send nothing) closes it.
 */
final class UpstreamConnection extends ChannelInboundHandlerAdapter {
    final UpstreamPool pool;
    final ResponseParser parser = new ResponseParser();
    Channel channel;
    ChannelHandlerContext context;
    /** The exchange using the connection, null while it is idle. */
    Exchange owner;
    long idleSince;
    long idleTimeoutNanos = Timeouts.DEFAULT.idle().toNanos();

    UpstreamConnection(UpstreamPool pool) {
        this.pool = pool;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        context = ctx;
        channel = ctx.channel();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf bytes)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        Exchange exchange = owner;
        if (exchange != null) {
            exchange.client.lastActivityNanos = System.nanoTime();
        }
        parser.read(bytes, this);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        Exchange exchange = owner;
        if (exchange != null) {
            exchange.client.flush();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Exchange exchange = owner;
        if (exchange != null) {
            exchange.client.updateReading();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        pool.closed(this);
        parser.closed(this);
        Exchange exchange = owner;
        if (exchange != null) {
            owner = null;
            exchange.upstreamClosed(this);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}

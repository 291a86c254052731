package dev.moor.edge;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.util.ReferenceCountUtil;

/**
 * One keep-alive connection to an endpoint, on the event loop of the client connections it serves. It hands
 * what it reads to the exchange that owns it; while idle in its pool it owns nothing, and anything it reads then
 * (the endpoint should send nothing) closes it.
 */
final class UpstreamConnection extends ChannelInboundHandlerAdapter {
    final UpstreamPool pool;
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
        ctx.pipeline().addBefore(ctx.name(), null, new HttpClientCodec(new HttpDecoderConfig()
                .setMaxInitialLineLength(StrictRequestDecoder.MAX_REQUEST_LINE)
                .setMaxHeaderSize(StrictRequestDecoder.MAX_HEADERS)
                .setMaxChunkSize(64 * 1024), false, false));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Exchange exchange = owner;
        if (exchange != null) {
            exchange.upstreamRead(this, msg);
        } else {
            ReferenceCountUtil.release(msg);
            ctx.close();
        }
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

package dev.moor.api;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;

/** Aggregates a request body up to a limit and answers a larger one with 413 and a JSON error. */
final class RequestBodyLimit extends HttpObjectAggregator {

    static final int MAX_BODY_BYTES = 1024 * 1024;

    RequestBodyLimit() {
        super(MAX_BODY_BYTES);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        var tooLarge = HttpResponses.error(413, "request body too large (expected: at most "
                + MAX_BODY_BYTES + " bytes)");
        // Like Netty's own handling: once the body is partly read, or the client won't keep the connection,
        // close; otherwise let the aggregator discard the rest of the body so the client can read the answer.
        boolean bodyPartlyRead = oversized instanceof FullHttpMessage;
        if (bodyPartlyRead || !HttpUtil.is100ContinueExpected(oversized) && !HttpUtil.isKeepAlive(oversized)) {
            ctx.writeAndFlush(tooLarge).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.writeAndFlush(tooLarge).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        }
    }
}

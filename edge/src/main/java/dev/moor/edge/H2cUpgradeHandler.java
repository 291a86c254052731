package dev.moor.edge;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;

import java.util.List;

/**
 * The HTTP/1.1 {@code Upgrade: h2c} dance on a connection's first request: a well-formed request without a body
 * that asks for h2c (with its HTTP2-Settings) is answered 101, the connection becomes HTTP/2 and the request is
 * served as its stream 1. Any other first request, a WebSocket handshake included, passes through as HTTP/1.1,
 * and the handler leaves the pipeline after the first request either way.
 */
final class H2cUpgradeHandler extends HttpServerUpgradeHandler {
    private static final String H2C = Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME.toString();

    H2cUpgradeHandler(EdgeServer server, LoopContext loop) {
        super(context -> Http2Support.removeHttp1(context.pipeline()),
                protocol -> H2C.contentEquals(protocol) ? upgradeCodec(server, loop) : null,
                0, DefaultHttpHeadersFactory.headersFactory(), DefaultHttpHeadersFactory.trailersFactory(), true);
    }

    private static Http2ServerUpgradeCodec upgradeCodec(EdgeServer server, LoopContext loop) {
        Http2ServerConnection connection = Http2ServerConnection.create(server, loop);
        return new Http2ServerUpgradeCodec((String) null, connection, connection.guard);
    }

    @Override
    protected boolean shouldHandleUpgradeRequest(HttpRequest request) {
        HttpHeaders headers = request.headers();
        // A body would have to be buffered whole before switching: such a request stays HTTP/1.1, as RFC 9113 allows.
        return request.decoderResult().isSuccess()
                && !headers.contains(HttpHeaderNames.TRANSFER_ENCODING)
                && HttpUtil.getContentLength(request, 0L) == 0
                && !headers.contains(HttpHeaderNames.EXPECT)
                && headers.containsValue(HttpHeaderNames.UPGRADE, H2C, true);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, HttpObject msg, List<Object> out) throws Exception {
        super.decode(ctx, msg, out);
        // An h2c request that could not be upgraded (no valid HTTP2-Settings...) comes out aggregated: the request
        // handler takes a head and its content, as the decoder produces them.
        if (!out.isEmpty() && out.getFirst() instanceof FullHttpRequest full) {
            out.set(0, new DefaultHttpRequest(full.protocolVersion(), full.method(), full.uri(), full.headers()));
            out.add(new DefaultLastHttpContent(full.content(), full.trailingHeaders()));
        }
    }
}

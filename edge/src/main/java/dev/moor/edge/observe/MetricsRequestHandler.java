package dev.moor.edge.observe;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import io.netty.util.CharsetUtil;

import java.io.IOException;

/** Answers {@code GET /metrics} (and HEAD) with a scrape, other paths with 404, other methods with 405. */
@ChannelHandler.Sharable
final class MetricsRequestHandler extends SimpleChannelInboundHandler<HttpObject> {
    private static final AsciiString PROMETHEUS_TEXT = AsciiString.cached("text/plain; version=0.0.4; charset=utf-8");
    private static final AsciiString ALLOWED = AsciiString.cached("GET, HEAD");

    private final PrometheusMeterRegistry registry;
    private final Runnable beforeScrape;

    MetricsRequestHandler(PrometheusMeterRegistry registry, Runnable beforeScrape) {
        this.registry = registry;
        this.beforeScrape = beforeScrape;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) throws IOException {
        if (!(msg instanceof HttpRequest request)) {
            return; // request bodies are ignored; SimpleChannelInboundHandler releases them
        }
        if (request.decoderResult().isFailure()) {
            ctx.writeAndFlush(text(HttpResponseStatus.BAD_REQUEST, "bad request\n"))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        String uri = request.uri();
        int query = uri.indexOf('?');
        String path = query < 0 ? uri : uri.substring(0, query);
        if (!path.equals("/metrics")) {
            ctx.writeAndFlush(text(HttpResponseStatus.NOT_FOUND, "not found: " + path + "\n"));
        } else if (request.method().equals(HttpMethod.GET)) {
            ctx.writeAndFlush(scrape(ctx, false));
        } else if (request.method().equals(HttpMethod.HEAD)) {
            ctx.writeAndFlush(scrape(ctx, true));
        } else {
            FullHttpResponse response = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed\n");
            response.headers().set(HttpHeaderNames.ALLOW, ALLOWED);
            ctx.writeAndFlush(response);
        }
    }

    private FullHttpResponse scrape(ChannelHandlerContext ctx, boolean headOnly) throws IOException {
        beforeScrape.run();
        ByteBuf body = ctx.alloc().buffer();
        try {
            try (ByteBufOutputStream out = new ByteBufOutputStream(body)) {
                registry.scrape(out);
            }
            int length = body.readableBytes();
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    headOnly ? Unpooled.EMPTY_BUFFER : body.retain());
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, PROMETHEUS_TEXT)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, length);
            return response;
        } finally {
            body.release();
        }
    }

    private static FullHttpResponse text(HttpResponseStatus status, String text) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(text, CharsetUtil.UTF_8));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        return response;
    }
}

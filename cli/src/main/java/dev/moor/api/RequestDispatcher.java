package dev.moor.api;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matches the one request of a connection to its route and hands it to a virtual thread, off the event loop.
 */
final class RequestDispatcher extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(LocalApiServer.class);

    private final Map<String, Map<HttpMethod, Route>> routes;
    private final ExecutorService handlers;
    private boolean dispatched;

    RequestDispatcher(Map<String, Map<HttpMethod, Route>> routes, ExecutorService handlers) {
        this.routes = routes;
        this.handlers = handlers;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (dispatched) {
            return; // one request per connection: the answer to the first one closes it
        }
        dispatched = true;
        if (!request.decoderResult().isSuccess()) {
            HttpResponses.sendError(ctx.channel(), 400,
                    "malformed request: " + request.decoderResult().cause().getMessage());
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        Map<HttpMethod, Route> byMethod = routes.get(uri.path());
        if (byMethod == null) {
            HttpResponses.sendError(ctx.channel(), 404, "no such endpoint: " + uri.path());
            return;
        }
        Route route = byMethod.get(request.method());
        if (route == null) {
            String allowed = byMethod.keySet().stream().map(HttpMethod::name).sorted()
                    .collect(Collectors.joining(", "));
            HttpResponses.sendError(ctx.channel(), 405, "method " + request.method() + " not allowed on "
                    + uri.path() + " (expected: " + allowed + ")");
            return;
        }
        ApiRequest apiRequest = new ApiRequest(request.method(), uri.path(), firstValues(uri.parameters()),
                ByteBufUtil.getBytes(request.content()));
        try {
            handlers.execute(() -> route.serve(apiRequest, ctx.channel()));
        } catch (RejectedExecutionException shuttingDown) {
            HttpResponses.sendError(ctx.channel(), 503, "Moor is shutting down");
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("local API connection failed", cause);
        ctx.close();
    }

    private static Map<String, String> firstValues(Map<String, List<String>> parameters) {
        Map<String, String> first = new HashMap<>();
        parameters.forEach((name, values) -> first.put(name, values.getFirst()));
        return first;
    }
}

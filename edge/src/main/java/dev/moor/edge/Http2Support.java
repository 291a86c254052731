package dev.moor.edge;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;

/**
 * Cleartext HTTP/2 (h2c) on the edge's listener: the handlers an HTTP/2 connection gets once the client spoke
 * the preface ({@link H2cPriorKnowledge}) or upgraded ({@link H2cUpgradeHandler}): the connection with its streams
 * ({@link Http2ServerConnection}), then its {@link ConnectionGuard}.
 */
final class Http2Support {
    private Http2Support() {}

    /** A new HTTP/2 connection's handlers: its connection handler first, then the guard that keeps its time. */
    static ChannelHandler[] connectionHandlers(EdgeServer server, LoopContext loop) {
        Http2ServerConnection connection = Http2ServerConnection.create(server, loop);
        return new ChannelHandler[] {connection, connection.guard};
    }

    /** Replaces the HTTP/1.1 handlers of a connection with the HTTP/2 ones, right after {@code after}. */
    static void switchToHttp2(ChannelPipeline pipeline, String after, EdgeServer server, LoopContext loop) {
        removeIfPresent(pipeline, H2cUpgradeHandler.class);
        removeHttp1(pipeline);
        String previous = after;
        for (ChannelHandler handler : connectionHandlers(server, loop)) {
            pipeline.addAfter(previous, null, handler);
            previous = pipeline.context(handler).name();
        }
    }

    /** Takes the HTTP/1.1 request handler, response encoder and request decoder out of a connection's pipeline. */
    static void removeHttp1(ChannelPipeline pipeline) {
        removeIfPresent(pipeline, ClientConnection.class);
        removeIfPresent(pipeline, ProxyResponseEncoder.class);
        removeIfPresent(pipeline, StrictRequestDecoder.class);
    }

    private static void removeIfPresent(ChannelPipeline pipeline, Class<? extends ChannelHandler> type) {
        if (pipeline.get(type) != null) {
            pipeline.remove(type);
        }
    }
}

package dev.moor.edge;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.DefaultHttp2Connection;
import io.netty.handler.codec.http2.DefaultHttp2RemoteFlowController;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.UniformStreamByteDistributor;
import io.netty.util.AsciiString;

/**
 * Cleartext HTTP/2 (h2c) on the edge's listener: the handlers an HTTP/2 connection gets once the client spoke
 * the preface ({@link H2cPriorKnowledge}) or upgraded ({@link H2cUpgradeHandler}). Every stream becomes a child
 * channel served by its own {@link ClientConnection}, so a stream is proxied to the HTTP/1.1 upstream pools
 * exactly like an HTTP/1.1 request, and a slow stream holds back only itself.
 */
final class Http2Support {
    static final int MAX_CONCURRENT_STREAMS = 256;
    static final int MAX_HEADER_LIST_SIZE = 64 * 1024;
    private static final AsciiString HEADER_STATUS = Http2Headers.PseudoHeaderName.STATUS.value();

    private Http2Support() {}

    /**
     * The frame codec of one connection: stream and header limits, header validation (a bad header resets its
     * stream), response headers that never enter HPACK's dynamic table, and streams that share the connection's
     * send window evenly.
     */
    static Http2FrameCodec frameCodec(EdgeServer server) {
        return new CodecBuilder()
                .initialSettings(Http2Settings.defaultSettings()
                        .maxConcurrentStreams(MAX_CONCURRENT_STREAMS)
                        .maxHeaderListSize(MAX_HEADER_LIST_SIZE))
                .validateHeaders(true)
                .headerSensitivityDetector(Http2Support::outsideDynamicTable)
                .gracefulShutdownTimeoutMillis(server.snapshot().drainTimeout.toMillis())
                .build();
    }

    /**
     * Netty's builder with a connection whose send window is shared evenly between the streams with data to send
     * ({@link UniformStreamByteDistributor}) rather than by the RFC 7540 priority tree, which RFC 9113 deprecated
     * and nginx and HAProxy do not follow either: keeping that tree up to date as streams opened and closed took
     * 3 % of the edge's CPU per HTTP/2 request.
     */
    private static final class CodecBuilder extends Http2FrameCodecBuilder {
        CodecBuilder() {
            DefaultHttp2Connection connection = new DefaultHttp2Connection(true);
            connection.remote().flowController(
                    new DefaultHttp2RemoteFlowController(connection, new UniformStreamByteDistributor(connection)));
            connection(connection);
        }
    }

    /**
     * Response headers are encoded from HPACK's static table and as literals, never added to the dynamic table
     * (as nginx and HAProxy do): most of a proxied response's headers change from one response to the next (date,
     * etag, request id), so keeping the table costs more CPU than the bytes it saves: HPACK encoding took 12 % of
     * the edge's CPU per HTTP/2 request with the table, 5 % without. Netty skips the table only for headers it
     * deems sensitive; :status stays out of that, its common values are in the static table.
     */
    private static boolean outsideDynamicTable(CharSequence name, CharSequence value) {
        return !HEADER_STATUS.contentEquals(name);
    }

    /** What follows the frame codec on one connection: a child channel per stream, and the connection's guard. */
    static ChannelHandler[] streamHandlers(EdgeServer server, LoopContext loop) {
        Http2ConnectionGuard guard = new Http2ConnectionGuard(server);
        Http2MultiplexHandler multiplexer = new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
            @Override
            protected void initChannel(Http2StreamChannel stream) {
                stream.pipeline().addLast(new Http2StreamCodec(), new ClientConnection(server, loop, guard));
            }
        });
        return new ChannelHandler[] {multiplexer, guard};
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

    private static ChannelHandler[] connectionHandlers(EdgeServer server, LoopContext loop) {
        ChannelHandler[] streams = streamHandlers(server, loop);
        ChannelHandler[] all = new ChannelHandler[streams.length + 1];
        all[0] = frameCodec(server);
        System.arraycopy(streams, 0, all, 1, streams.length);
        return all;
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

package dev.moor.edge;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpServerUpgradeHandler.UpgradeEvent;
import io.netty.handler.codec.http2.AbstractHttp2ConnectionHandlerBuilder;
import io.netty.handler.codec.http2.DefaultHttp2Connection;
import io.netty.handler.codec.http2.DefaultHttp2RemoteFlowController;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionDecoder;
import io.netty.handler.codec.http2.Http2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2EventAdapter;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2LocalFlowController;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.handler.codec.http2.UniformStreamByteDistributor;
import io.netty.util.AsciiString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;

/**
 * The HTTP/2 side of one client connection (h2c): Netty's connection handler (framing, HPACK, stream states, flow
 * control, SETTINGS and PING, GOAWAY on close) with the edge's streams on top. Each stream is an
 * {@link Http2ServerStream} with its own {@link ClientConnection}, so a stream is proxied to the HTTP/1.1 upstream
 * pools exactly like an HTTP/1.1 request and a slow stream holds back only itself; streams are served straight
 * from the frame listener, without a child channel and pipeline each (registering and closing those took ~9 % of
 * the edge's CPU per HTTP/2 request).
 *
 * <p>Streams that read in one read batch are told when it completes, so each flushes what it wrote upstream once,
 * and the connection itself flushes once at its end. The connection's receive window is every stream's window
 * together: request bodies a slow upstream is not taking yet wait, unacknowledged, in their stream, and never hold
 * back the other streams. Header validation resets a stream with an invalid header name or value or a
 * connection-specific header, and a header list over the limit is answered 431; a stream whose DATA disagree with
 * its content-length is reset, and its exchange ends as a 400.
 */
final class Http2ServerConnection extends Http2ConnectionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(Http2ServerConnection.class);
    static final int MAX_CONCURRENT_STREAMS = 256;
    static final int MAX_HEADER_LIST_SIZE = 64 * 1024;
    private static final AsciiString HEADER_STATUS = Http2Headers.PseudoHeaderName.STATUS.value();

    private final EdgeServer server;
    private final LoopContext loop;
    /** Goes in the pipeline right after this handler: it keeps the time for the connection and its streams. */
    final ConnectionGuard guard;
    private final Http2Connection.PropertyKey servedKey;
    ChannelHandlerContext context;
    /** Where HTTP/3 is advertised from, on a connection to the HTTPS port; null on an h2c one. */
    EdgeServer advertiser;
    /** Inside a read from the client: flushes wait for its end. */
    private boolean readBatch;
    /** The streams that read in the current read batch. */
    private final ArrayList<ClientConnection> readers = new ArrayList<>();

    private Http2ServerConnection(Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder,
            Http2Settings settings, EdgeServer server, LoopContext loop) {
        super(decoder, encoder, settings);
        this.server = server;
        this.loop = loop;
        this.guard = new ConnectionGuard(server, ChannelHandlerContext::close);
        servedKey = connection().newKey();
        Events events = new Events();
        decoder.frameListener(events);
        connection().addListener(events);
        connection().remote().flowController().listener(this::writabilityChanged);
    }

    /**
     * A connection with stream and header limits, header validation, response headers that never enter HPACK's
     * dynamic table, and streams that share the connection's send window evenly.
     */
    static Http2ServerConnection create(EdgeServer server, LoopContext loop) {
        return new Builder(server, loop).create();
    }

    /**
     * Netty's builder with a connection whose send window is shared evenly between the streams with data to send
     * ({@link UniformStreamByteDistributor}) rather than by the RFC 7540 priority tree, which RFC 9113 deprecated
     * and nginx and HAProxy do not follow either: keeping that tree up to date as streams opened and closed took
     * 3 % of the edge's CPU per HTTP/2 request.
     */
    private static final class Builder extends AbstractHttp2ConnectionHandlerBuilder<Http2ServerConnection, Builder> {
        private final EdgeServer server;
        private final LoopContext loop;

        Builder(EdgeServer server, LoopContext loop) {
            this.server = server;
            this.loop = loop;
            DefaultHttp2Connection connection = new DefaultHttp2Connection(true);
            connection.remote().flowController(
                    new DefaultHttp2RemoteFlowController(connection, new UniformStreamByteDistributor(connection)));
            connection(connection);
            initialSettings(Http2Settings.defaultSettings()
                    .maxConcurrentStreams(MAX_CONCURRENT_STREAMS)
                    .maxHeaderListSize(MAX_HEADER_LIST_SIZE));
            validateHeaders(true);
            headerSensitivityDetector(Http2ServerConnection::outsideDynamicTable);
            gracefulShutdownTimeoutMillis(server.snapshot().drainTimeout.toMillis());
        }

        Http2ServerConnection create() {
            return build();
        }

        @Override
        protected Http2ServerConnection build(Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder,
                Http2Settings settings) {
            return new Http2ServerConnection(decoder, encoder, settings, server, loop);
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

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        context = ctx;
        advertiser = ctx.channel().hasAttr(Peer.HTTPS) ? server : null;
        super.handlerAdded(ctx);
        Http2LocalFlowController flow = connection().local().flowController();
        Http2Stream connectionStream = connection().connectionStream();
        flow.incrementWindowSize(connectionStream,
                flow.initialWindowSize() * MAX_CONCURRENT_STREAMS - flow.initialWindowSize(connectionStream));
        flush(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        readBatch = true;
        super.channelRead(ctx, msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        try {
            for (int i = 0; i < readers.size(); i++) {
                readers.get(i).readComplete();
            }
        } finally {
            readers.clear();
            readBatch = false;
            super.channelReadComplete(ctx);
        }
    }

    /** Hands a request message to its stream's exchange; outside a read batch the stream flushes at once. */
    void deliver(ClientConnection client, Object msg) {
        if (!readBatch) {
            client.read(msg);
            client.readComplete();
            return;
        }
        if (!client.reading) {
            readers.add(client);
        }
        client.read(msg);
    }

    /** Flushes the connection, or lets the end of the current read batch do it. */
    void flushSoon() {
        if (!readBatch) {
            flush(context);
        }
    }

    /** Gives the client back the window of request bytes its stream passed on. */
    void acknowledge(Http2Stream stream, int bytes) {
        try {
            if (connection().local().flowController().consumeBytes(stream, bytes)) {
                flushSoon();
            }
        } catch (Http2Exception e) {
            onError(context, false, e);
        }
    }

    private void writabilityChanged(Http2Stream stream) {
        Http2ServerStream served = stream.getProperty(servedKey);
        if (served != null) {
            served.client.updateReading();
        }
    }

    private Http2ServerStream served(int streamId) {
        Http2Stream stream = connection().stream(streamId);
        return stream == null ? null : stream.getProperty(servedKey);
    }

    private Http2ServerStream open(Http2Stream stream) {
        Http2ServerStream served = new Http2ServerStream(this, stream, server, loop);
        stream.setProperty(servedKey, served);
        served.client.streamOpened();
        return served;
    }

    /** The h2c upgrade's request becomes stream 1, which the upgrade opened half-closed. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (!(evt instanceof UpgradeEvent upgrade)) {
            super.userEventTriggered(ctx, evt);
            return;
        }
        try {
            FullHttpRequest request = upgrade.upgradeRequest();
            // Through HTTP/2 headers, so the upgrade's own headers go as any connection-specific header would.
            request.headers().set(HttpConversionUtil.ExtensionHeaderNames.SCHEME.text(), "http");
            Http2Stream stream = connection().stream(Http2CodecUtil.HTTP_UPGRADE_STREAM_ID);
            open(stream).headersRead(HttpConversionUtil.toHttp2Headers(request, false), true);
        } finally {
            upgrade.release();
        }
    }

    /**
     * A stream error the client caused (its DATA disagree with its content-length...): the exchange is told its
     * request failed, so it is logged and counted as a 400, then Netty resets the stream with the error.
     */
    @Override
    protected void onStreamError(ChannelHandlerContext ctx, boolean outbound, Throwable cause,
            Http2Exception.StreamException error) {
        Http2ServerStream served = outbound ? null : served(error.streamId());
        if (served != null && served.open()) {
            served.failed(error);
        }
        super.onStreamError(ctx, outbound, cause, error);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
        if (cause instanceof IOException) {
            LOG.debug("HTTP/2 client connection {} failed: {}", ctx.channel(), cause.toString());
            ctx.close();
            return;
        }
        super.exceptionCaught(ctx, cause);
    }

    private final class Events extends Http2EventAdapter {
        @Override
        public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding,
                boolean endOfStream) {
            Http2Stream stream = connection().stream(streamId);
            Http2ServerStream served = stream.getProperty(servedKey);
            (served == null ? open(stream) : served).headersRead(headers, endOfStream);
        }

        @Override
        public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers,
                int streamDependency, short weight, boolean exclusive, int padding, boolean endOfStream) {
            onHeadersRead(ctx, streamId, headers, padding, endOfStream);
        }

        @Override
        public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding,
                boolean endOfStream) {
            Http2ServerStream served = served(streamId);
            if (served == null || !served.open()) {
                return data.readableBytes() + padding;
            }
            return served.dataRead(data, endOfStream) + padding;
        }

        @Override
        public void onStreamClosed(Http2Stream stream) {
            Http2ServerStream served = stream.getProperty(servedKey);
            if (served != null) {
                served.closed();
            }
        }
    }
}

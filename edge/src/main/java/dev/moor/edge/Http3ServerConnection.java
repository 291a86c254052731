package dev.moor.edge;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http3.DefaultHttp3GoAwayFrame;
import io.netty.handler.codec.http3.DefaultHttp3SettingsFrame;
import io.netty.handler.codec.http3.Http3;
import io.netty.handler.codec.http3.Http3ErrorCode;
import io.netty.handler.codec.http3.Http3ServerConnectionHandler;
import io.netty.handler.codec.http3.Http3Settings;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicStreamChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP/3 side of one QUIC connection: Netty's connection handler (control and QPACK streams, SETTINGS, frame
 * validation) with the edge's request streams on top, each an {@link Http3ServerStream} with its own
 * {@link ClientConnection}, and the connection's {@link ConnectionGuard} after it. QPACK's dynamic table is off (as
 * HPACK's is for HTTP/2, see {@link Http2ServerConnection}): nothing refers to earlier headers, and no stream waits
 * for a table update.
 *
 * <p>Going away (idle, or the edge stops): GOAWAY with the first request stream not taken, the requests in flight
 * finish, then the connection closes with H3_NO_ERROR. A request stream the client opened before it read the GOAWAY
 * is refused with H3_REQUEST_REJECTED, which tells it to retry on a new connection.
 */
final class Http3ServerConnection extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(Http3ServerConnection.class);
    static final int MAX_FIELD_SECTION_SIZE = Http2ServerConnection.MAX_HEADER_LIST_SIZE;

    private final EdgeServer server;
    final LoopContext loop;
    final QuicChannel channel;
    final ConnectionGuard guard;
    /** The highest request stream id taken; -4 before the first, so that a GOAWAY then names stream 0. */
    private long lastStreamId = -4;
    /** Set once GOAWAY went out: streams from this id on are refused. */
    private long goAwayId = -1;
    private boolean closed;

    private Http3ServerConnection(QuicChannel channel, EdgeServer server, LoopContext loop) {
        this.channel = channel;
        this.server = server;
        this.loop = loop;
        this.guard = new ConnectionGuard(server, context -> goAway());
    }

    /** Serves a new QUIC connection of {@code loop}: its handlers go into its pipeline. */
    static void serve(QuicChannel channel, EdgeServer server, LoopContext loop) {
        Http3ServerConnection connection = new Http3ServerConnection(channel, server, loop);
        DefaultHttp3SettingsFrame settings = new DefaultHttp3SettingsFrame(Http3Settings.defaultSettings()
                .maxFieldSectionSize(MAX_FIELD_SECTION_SIZE));
        channel.pipeline().addLast(new Http3ServerConnectionHandler(connection.new RequestStreams(), null, null,
                settings, true), connection.guard, connection);
    }

    /** Each request stream of the connection, as it opens. */
    private final class RequestStreams extends ChannelInitializer<QuicStreamChannel> {
        @Override
        protected void initChannel(QuicStreamChannel stream) {
            long id = stream.streamId();
            if (goAwayId >= 0 && id >= goAwayId) {
                stream.shutdown(Http3ErrorCode.H3_REQUEST_REJECTED.code());
                stream.close();
                return;
            }
            lastStreamId = Math.max(lastStreamId, id);
            stream.pipeline().addLast(new Http3ServerStream(Http3ServerConnection.this, stream, server, loop));
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        loop.http3.add(this);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed = true;
        loop.http3.remove(this);
        ctx.fireChannelInactive();
    }

    /**
     * Tells the client to open no more request streams here (the idle timeout passed, the edge stops, or it hands
     * its sockets to a successor); the connection closes once the streams it took are done.
     */
    void goAway() {
        if (goAwayId >= 0 || closed) {
            return;
        }
        // Client request streams are numbered 0, 4, 8...: the next one is the first not taken.
        goAwayId = lastStreamId + 4;
        QuicStreamChannel control = Http3.getLocalControlStream(channel);
        if (control != null) {
            control.writeAndFlush(new DefaultHttp3GoAwayFrame(goAwayId));
        }
        closeIfGoneAway();
    }

    /** Closes the connection now, telling the client (its requests in flight are cut). */
    void close() {
        if (!closed) {
            closed = true;
            channel.close(true, Http3ErrorCode.H3_NO_ERROR.code(), Unpooled.EMPTY_BUFFER);
        }
    }

    /** A request stream closed: the last one of a connection that went away closes it. */
    void streamClosed() {
        closeIfGoneAway();
    }

    private void closeIfGoneAway() {
        if (goAwayId >= 0 && !guard.streamsOpen()) {
            close();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("HTTP/3 connection {} failed: {}", ctx.channel(), cause.toString());
    }
}

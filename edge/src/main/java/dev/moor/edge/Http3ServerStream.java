package dev.moor.edge;

import dev.moor.edge.filter.StoredAnswer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http3.DefaultHttp3DataFrame;
import io.netty.handler.codec.http3.DefaultHttp3Headers;
import io.netty.handler.codec.http3.DefaultHttp3HeadersFrame;
import io.netty.handler.codec.http3.Http3DataFrame;
import io.netty.handler.codec.http3.Http3ErrorCode;
import io.netty.handler.codec.http3.Http3Exception;
import io.netty.handler.codec.http3.Http3Headers;
import io.netty.handler.codec.http3.Http3HeadersFrame;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Map;

/**
 * One request stream of an {@link Http3ServerConnection}, served by its own {@link ClientConnection} as an HTTP/1.1
 * connection carrying one request would be. The request HEADERS become an {@link io.netty.handler.codec.http.HttpRequest}
 * ({@link Http3Request}), DATA frames its content, trailing HEADERS its trailers, and the end of the stream (FIN) the
 * end of the request. Whether the HEADERS end the request is known once the read that brought them is complete (the
 * FIN and the DATA of a small request often come in the same packet), so the request is passed on then, or at its
 * first DATA. The answer goes out as frames on the stream: HEADERS built from the upstream's head, its body as DATA,
 * trailers as HEADERS, then FIN.
 *
 * <p>While the request's upstream cannot take more, the stream stops reading: QUIC's flow control then holds the
 * client's further request bytes back for this stream alone, and what was already decoded waits here. The stream's
 * writability (its QUIC send window and buffer) pauses the upstream's reads in turn, so a slow upstream or client
 * slows only its own stream.
 */
final class Http3ServerStream extends ChannelInboundHandlerAdapter implements ServerStream {
    private static final Logger LOG = LoggerFactory.getLogger(Http3ServerStream.class);

    final Http3ServerConnection connection;
    private final QuicStreamChannel channel;
    final ClientConnection client;
    private ChannelHandlerContext context;
    /** Until the stream closes or the edge resets it: afterwards nothing more is written to it. */
    private boolean open = true;
    private boolean requestStarted;
    /** The request's HEADERS, until it is known whether DATA follow. */
    private Http3Headers pendingHead;
    private boolean requestEnded;
    private Http3Headers trailers;
    private boolean headRequest;
    /** Inside a read from the client: the client connection flushes upstream when it completes. */
    private boolean readBatch;
    /** Reading is paused: decoded DATA wait in {@link #waiting}. */
    private boolean paused;
    private ArrayDeque<HttpContent> waiting;
    /** The last frame of the response written so far: the FIN follows it once QUIC took it. */
    private ChannelFuture lastWrite;
    /** The FIN of the response, once queued. */
    private ChannelFuture responseEnd;

    Http3ServerStream(Http3ServerConnection connection, QuicStreamChannel channel, EdgeServer server,
                      LoopContext loop) {
        this.connection = connection;
        this.channel = channel;
        this.client = new ClientConnection(server, loop, this);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        context = ctx;
        client.streamOpened();
    }

    @Override
    public ConnectionGuard guard() {
        return connection.guard;
    }

    @Override
    public String protocol() {
        return "HTTP/3";
    }

    @Override
    public boolean open() {
        return open;
    }

    @Override
    public ByteBufAllocator alloc() {
        return channel.alloc();
    }

    // The request

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        readBatch = true;
        if (msg instanceof Http3HeadersFrame headers) {
            headersRead(headers.headers());
        } else if (msg instanceof Http3DataFrame data) {
            dataRead(data.content());
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void headersRead(Http3Headers headers) {
        if (!open || requestEnded) {
            return;
        }
        if (!requestStarted) {
            requestStarted = true;
            pendingHead = headers;
            return;
        }
        passHeadOn(false);
        trailers = headers;
    }

    private void dataRead(ByteBuf data) {
        if (!open || requestEnded) {
            data.release();
            return;
        }
        passHeadOn(false);
        queueOrDeliver(new DefaultHttpContent(data));
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (pendingHead != null && open) {
            passHeadOn(channel.isInputShutdown());
        }
        readBatch = false;
        client.readComplete();
    }

    /** The client's FIN: the request ends, with its trailers if it sent any. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event != ChannelInputShutdownEvent.INSTANCE || !open || requestEnded) {
            return;
        }
        if (!requestStarted) {
            close();
            return;
        }
        if (pendingHead != null) {
            passHeadOn(true);
            return;
        }
        requestEnded = true;
        queueOrDeliver(trailers == null ? LastHttpContent.EMPTY_LAST_CONTENT : Http3Request.trailers(trailers));
    }

    /** Passes the request head on, ending it at once when no body comes. */
    private void passHeadOn(boolean endStream) {
        Http3Headers headers = pendingHead;
        if (headers == null) {
            return;
        }
        pendingHead = null;
        headRequest = HttpMethod.HEAD.asciiName().contentEquals(headers.method());
        deliver(Http3Request.of(headers, endStream));
        if (endStream) {
            requestEnded = true;
            deliver(LastHttpContent.EMPTY_LAST_CONTENT);
        }
    }

    private void queueOrDeliver(HttpContent content) {
        if (paused || waiting != null && !waiting.isEmpty()) {
            if (waiting == null) {
                waiting = new ArrayDeque<>(4);
            }
            waiting.addLast(content);
            return;
        }
        deliver(content);
    }

    /** Hands a request message to the exchange; outside a read batch the client connection flushes at once. */
    private void deliver(Object msg) {
        client.read(msg);
        if (!readBatch) {
            client.readComplete();
        }
    }

    @Override
    public void reading(boolean read) {
        paused = !read;
        if (channel.config().isAutoRead() != read) {
            channel.config().setAutoRead(read);
        }
        if (!read || waiting == null) {
            return;
        }
        HttpContent content;
        while (!paused && open && (content = waiting.pollFirst()) != null) {
            deliver(content);
        }
    }

    @Override
    public boolean readingPaused() {
        return paused;
    }

    @Override
    public boolean writable() {
        return channel.isWritable();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        client.updateReading();
    }

    /**
     * Netty's validation found the request malformed (its DATA disagree with its content-length...) and resets the
     * stream: the exchange, told its request failed, answers and logs a 400 if it still can.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("HTTP/3 stream {} failed: {}", ctx.channel(), cause.toString());
        if (!open) {
            return;
        }
        if (!requestStarted || requestEnded || !(cause instanceof Http3Exception)) {
            close();
            return;
        }
        passHeadOn(false);
        requestEnded = true;
        LastHttpContent failed = new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER);
        failed.setDecoderResult(DecoderResult.failure(cause));
        releaseWaiting();
        deliver(failed);
    }

    /** The stream closed: its response is out and its request in, or it was reset, or the connection closed. */
    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        open = false;
        releaseWaiting();
        client.closed();
        connection.streamClosed();
    }

    private void releaseWaiting() {
        if (waiting != null) {
            HttpContent content;
            while ((content = waiting.pollFirst()) != null) {
                content.release();
            }
        }
    }

    // The response

    @Override
    public void interim(ResponseHead response) {
        if (open) {
            write(new DefaultHttp3HeadersFrame(headers(response, null, null, null)));
        }
    }

    /** The HEADERS of a proxied response, from the upstream's kept lines with names lowercased, as HTTP/3 wants them. */
    @Override
    public boolean head(ResponseHead response, HeadEdits edits, CharSequence requestId, CharSequence setCookie,
                        boolean close, ByteBuf wholeBody) {
        if (open) {
            write(new DefaultHttp3HeadersFrame(headers(response, edits, requestId, setCookie)));
        }
        if (wholeBody != null) {
            body(wholeBody);
        }
        return false;
    }

    /** The head's kept lines, less those the filters removed and plus those they added, and the edge's own. */
    private static Http3Headers headers(ResponseHead response, HeadEdits edits, CharSequence requestId,
                                        CharSequence setCookie) {
        Http3Headers headers = new DefaultHttp3Headers(false, response.keptCount + 4);
        int status = edits == null ? response.status : edits.status();
        headers.status(HttpResponseStatus.valueOf(status).codeAsText());
        byte[] bytes = response.bytes;
        int[] kept = response.kept;
        for (int i = 0; i < response.keptCount; i++) {
            if (edits != null && !edits.kept(i)) {
                continue;
            }
            int start = kept[i * 2];
            int end = kept[i * 2 + 1];
            int colon = HttpSyntax.indexOf(bytes, (byte) ':', start, end);
            int valueStart = ResponseHead.valueStart(bytes, colon, end);
            int valueEnd = ResponseHead.valueEnd(bytes, valueStart, end);
            headers.add(ResponseHeaderNames.lowerCase(bytes, start, colon),
                    new AsciiString(bytes, valueStart, valueEnd - valueStart, true));
        }
        if (edits != null) {
            for (int i = 0; i < edits.addedCount(); i++) {
                headers.add(AsciiString.of(edits.addedName(i)).toLowerCase(), edits.addedValue(i));
            }
        }
        if (requestId != null) {
            headers.add(HeaderNames.X_REQUEST_ID, requestId);
        }
        if (setCookie != null) {
            headers.add(HttpHeaderNames.SET_COOKIE, setCookie);
        }
        return headers;
    }

    @Override
    public void body(ByteBuf data) {
        if (!open || headRequest) {
            data.release();
            return;
        }
        write(new DefaultHttp3DataFrame(data));
    }

    /** The response ends: its trailers if any, then FIN. */
    @Override
    public void end(byte[] trailerLines) {
        if (!open) {
            return;
        }
        if (trailerLines != null && !headRequest) {
            write(new DefaultHttp3HeadersFrame(ServerStream.trailerFields(trailerLines,
                    new DefaultHttp3Headers(false))));
        }
        finish();
    }

    /** Trailer lines ({@code name: value} CRLF each, as the response parser checked them), less the forbidden ones. */
    /** An answer of the edge's own, whole: HEADERS, DATA unless it has no body to send, FIN. */
    @Override
    public void answer(FullHttpResponse response) {
        if (!open) {
            response.release();
            return;
        }
        Http3Headers headers = new DefaultHttp3Headers(false);
        headers.status(response.status().codeAsText());
        for (Map.Entry<String, String> field : response.headers()) {
            HeaderKind kind = HeaderKind.of(field.getKey());
            if (!kind.hopByHop() && kind != HeaderKind.TRANSFER_ENCODING) {
                headers.add(AsciiString.of(field.getKey()).toLowerCase(), field.getValue());
            }
        }
        writeWhole(headers, response.content());
        flush();
    }

    /** A stored answer: its header block plus the request id, its body unless it has none to send, FIN. */
    @Override
    public void answer(StoredAnswer answer, ByteBuf body, CharSequence requestId, boolean close) {
        if (!open) {
            body.release();
            return;
        }
        Http3Headers headers = new DefaultHttp3Headers(false);
        // HTTP/2's pseudo-header fields and fields are HTTP/3's, named alike.
        for (Map.Entry<CharSequence, CharSequence> field : answer.http2Headers()) {
            headers.add(field.getKey(), field.getValue());
        }
        headers.set(HeaderNames.X_REQUEST_ID, requestId);
        writeWhole(headers, body);
    }

    /** HEADERS, the body as one DATA frame unless there is none to send, FIN. */
    private void writeWhole(Http3Headers headers, ByteBuf body) {
        write(new DefaultHttp3HeadersFrame(headers));
        if (headRequest || !body.isReadable()) {
            body.release();
        } else {
            write(new DefaultHttp3DataFrame(body));
        }
        finish();
    }

    private void write(Object frame) {
        lastWrite = context.write(frame);
    }

    /**
     * FIN after what was written; the stream closes once the client's request has ended too. It waits for the last
     * frame: frames the stream's send window holds back queue in the channel, and Netty's FIN would pass them.
     */
    private void finish() {
        ChannelFuture last = lastWrite;
        if (last == null || last.isDone()) {
            responseEnd = channel.shutdownOutput();
            return;
        }
        ChannelPromise end = channel.newPromise();
        responseEnd = end;
        last.addListener(written -> channel.shutdownOutput(end));
    }

    @Override
    public void flush() {
        if (open) {
            context.flush();
        }
    }

    /**
     * The edge is done with the stream: once its response is out, a client still sending its request is told to
     * stop (STOP_SENDING H3_NO_ERROR, RFC 9114 §4.1); a response that never ended is cut off (H3_REQUEST_CANCELLED).
     */
    @Override
    public void close() {
        if (!open) {
            return;
        }
        ChannelFuture end = responseEnd;
        if (end == null) {
            reset();
            return;
        }
        flush();
        if (end.isDone()) {
            stopRequest();
        } else {
            end.addListener(written -> stopRequest());
        }
    }

    @Override
    public void closeAfterWrites() {
        close();
    }

    /** The response is with QUIC, which delivers it whatever becomes of the stream's channel. */
    private void stopRequest() {
        if (!open) {
            return;
        }
        if (!channel.isInputShutdown()) {
            channel.shutdownInput(Http3ErrorCode.H3_NO_ERROR.code());
        }
        channel.close();
    }

    private void reset() {
        open = false;
        releaseWaiting();
        channel.shutdown(Http3ErrorCode.H3_REQUEST_CANCELLED.code());
        channel.close();
    }
}

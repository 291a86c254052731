package dev.moor.edge;

import dev.moor.edge.filter.StoredAnswer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.handler.codec.http2.ReadOnlyHttp2Headers;
import io.netty.handler.codec.http2.HttpConversionUtil.ExtensionHeaderNames;
import io.netty.util.AsciiString;

import java.util.ArrayDeque;

/**
 * One stream of an {@link Http2ServerConnection}, served by its own {@link ClientConnection} as an HTTP/1.1
 * connection carrying one request would be, without a channel of its own. The request HEADERS become an
 * {@link HttpRequest} (:authority as Host; a body without content-length is marked chunked, as it goes upstream),
 * DATA frames its content, trailing HEADERS its trailers. The answer goes out as frames through the connection's
 * encoder: a proxied response head as HEADERS built straight from the upstream's head, its body as DATA, END_STREAM
 * on its last DATA frame (the last chunk is held until the next write or flush, so a whole response is two frames).
 *
 * <p>Request DATA that arrive while the request's upstream cannot take more wait here unacknowledged: the client's
 * flow-control window for this stream is given back only as they are passed on, so a slow upstream slows its own
 * stream and no other. A request that cannot be expressed in HTTP/1.1 (a missing :path, a Host contradicting
 * :authority) is marked failed, so the edge answers it 400 like a malformed HTTP/1.1 request.
 */
final class Http2ServerStream implements ServerStream {
    final Http2ServerConnection connection;
    final Http2Stream stream;
    final ClientConnection client;
    /** Until the stream closes or the edge resets it: afterwards nothing more is written to it. */
    private boolean open = true;
    private boolean requestStarted;
    private boolean headRequest;
    /** Reading is paused: arriving DATA wait in {@link #waiting}. */
    private boolean paused;
    private ArrayDeque<HttpContent> waiting;
    /** The last DATA written, not yet framed: it carries END_STREAM if the response ends before the next write. */
    private ByteBuf pendingData;
    /** The write that carries END_STREAM, once issued. */
    private ChannelFuture responseEnd;

    Http2ServerStream(Http2ServerConnection connection, Http2Stream stream, EdgeServer server, LoopContext loop) {
        this.connection = connection;
        this.stream = stream;
        this.client = new ClientConnection(server, loop, this);
    }

    @Override
    public boolean open() {
        return open;
    }

    @Override
    public ConnectionGuard guard() {
        return connection.guard;
    }

    @Override
    public String protocol() {
        return "HTTP/2";
    }

    @Override
    public void closeAfterWrites() {
        close();
    }

    @Override
    public ByteBufAllocator alloc() {
        return context().alloc();
    }

    // The request

    /** The request's HEADERS (or, once the request started, its trailers). */
    void headersRead(Http2Headers headers, boolean endStream) {
        if (requestStarted) {
            connection.deliver(client, trailers(headers));
            return;
        }
        requestStarted = true;
        connection.deliver(client, request(headers, endStream));
        if (endStream) {
            connection.deliver(client, LastHttpContent.EMPTY_LAST_CONTENT);
        }
    }

    /** Request DATA; returns how many of its bytes are acknowledged now (the others are, once passed on). */
    int dataRead(ByteBuf data, boolean endStream) {
        HttpContent content = endStream ? new DefaultLastHttpContent(data.retain()) : new DefaultHttpContent(data.retain());
        if (paused || waiting != null && !waiting.isEmpty()) {
            if (waiting == null) {
                waiting = new ArrayDeque<>(4);
            }
            waiting.addLast(content);
            return 0;
        }
        int bytes = data.readableBytes();
        connection.deliver(client, content);
        return bytes;
    }

    /** The exchange wants the request's body (or not, for now): what waited is passed on and acknowledged. */
    @Override
    public void reading(boolean read) {
        paused = !read;
        if (!read || waiting == null) {
            return;
        }
        int acknowledged = 0;
        HttpContent content;
        while (!paused && open && (content = waiting.pollFirst()) != null) {
            acknowledged += content.content().readableBytes();
            connection.deliver(client, content);
        }
        if (acknowledged > 0 && open) {
            connection.acknowledge(stream, acknowledged);
        }
    }

    /** The frame codec found the stream broken: the exchange, told its request failed, answers and logs a 400. */
    void failed(Http2Exception.StreamException cause) {
        open = false;
        LastHttpContent failed = new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER);
        failed.setDecoderResult(DecoderResult.failure(cause));
        connection.deliver(client, failed);
    }

    /** The stream closed (its response is out and its request in, or it was reset, or the connection closed). */
    void closed() {
        open = false;
        releaseWaiting();
        releasePending();
        client.closed();
    }

    private void releasePending() {
        if (pendingData != null) {
            pendingData.release();
            pendingData = null;
        }
    }

    private void releaseWaiting() {
        if (waiting != null) {
            HttpContent content;
            while ((content = waiting.pollFirst()) != null) {
                content.release();
            }
        }
    }

    private HttpRequest request(Http2Headers headers, boolean endStream) {
        try {
            // The frame codec validated every name and value already.
            HttpRequest request = HttpConversionUtil.toHttpRequest(stream.id(), headers, false);
            headRequest = request.method().equals(HttpMethod.HEAD);
            HttpHeaders converted = request.headers();
            converted.remove(ExtensionHeaderNames.STREAM_ID.text());
            converted.remove(ExtensionHeaderNames.SCHEME.text());
            if (!endStream && !converted.contains(HttpHeaderNames.CONTENT_LENGTH)) {
                converted.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            }
            return request;
        } catch (Http2Exception | RuntimeException e) {
            HttpMethod method = methodOrGet(headers.method());
            headRequest = method.equals(HttpMethod.HEAD);
            HttpRequest failed = new DefaultHttpRequest(HttpVersion.HTTP_1_1, method,
                    headers.path() == null ? "/" : headers.path().toString());
            failed.setDecoderResult(DecoderResult.failure(e));
            return failed;
        }
    }

    private static HttpMethod methodOrGet(CharSequence method) {
        try {
            return method == null ? HttpMethod.GET : HttpMethod.valueOf(method.toString());
        } catch (IllegalArgumentException e) {
            return HttpMethod.GET;
        }
    }

    private LastHttpContent trailers(Http2Headers headers) {
        LastHttpContent last = new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER);
        try {
            HttpConversionUtil.addHttp2ToHttpHeaders(stream.id(), headers, last.trailingHeaders(),
                    HttpVersion.HTTP_1_1, true, true);
        } catch (Http2Exception | RuntimeException e) {
            last.setDecoderResult(DecoderResult.failure(e));
        }
        return last;
    }

    // The response

    @Override
    public void interim(ResponseHead response) {
        if (open) {
            connection.encoder().writeHeaders(context(), stream.id(), headers(response, null, null, null, null), 0, false,
                    context().voidPromise());
        }
    }

    /**
     * The HEADERS of a proxied response, straight from the upstream's head: its kept lines (ResponseHead already
     * left out the hop-by-hop and framing ones and checked every name and value) with names lowercased, as HTTP/2
     * wants them, less those the filters removed and plus those they added, and this exchange's request id, the
     * Set-Cookie of a canary's side when there is one and, over TLS, the Alt-Svc of HTTP/3 ({@link AltSvc}). Nothing
     * is validated or converted twice. The stream ends with the response, so the connection never has to close for
     * it.
     */
    @Override
    public boolean head(ResponseHead response, HeadEdits edits, CharSequence requestId, CharSequence setCookie,
                        boolean close, ByteBuf wholeBody) {
        if (open) {
            AsciiString altSvc = AltSvc.of(connection.advertiser);
            connection.encoder().writeHeaders(context(), stream.id(), headers(response, edits, requestId, setCookie,
                    altSvc == null || AltSvc.carried(response, edits) ? null : altSvc), 0, false,
                    context().voidPromise());
        }
        if (wholeBody != null) {
            body(wholeBody);
        }
        return false;
    }

    /**
     * A flat, read-only list (no hash buckets, one entry object fewer per line): the HPACK encoder only iterates
     * over a response's headers, and every allocation here is paid on each response. The values are views of the
     * upstream head's bytes, not copies: a stream's HEADERS go before any DATA of it, so the encoder writes them at
     * once (nothing flow-controlled is queued ahead of them), before the upstream connection reads its next head
     * into those bytes; and the edge's HPACK encoder keeps no dynamic table that could refer to them later.
     */
    static Http2Headers headers(ResponseHead response, HeadEdits edits, CharSequence requestId, CharSequence setCookie,
                                AsciiString altSvc) {
        int added = edits == null ? 0 : edits.addedCount();
        int lineCount = added + (requestId != null ? 1 : 0) + (setCookie != null ? 1 : 0) + (altSvc != null ? 1 : 0);
        for (int i = 0; i < response.keptCount; i++) {
            if (edits == null || edits.kept(i)) {
                lineCount++;
            }
        }
        AsciiString[] lines = new AsciiString[lineCount * 2];
        int at = 0;
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
            lines[at++] = ResponseHeaderNames.lowerCase(bytes, start, colon);
            lines[at++] = new AsciiString(bytes, valueStart, valueEnd - valueStart, false);
        }
        for (int i = 0; i < added; i++) {
            lines[at++] = AsciiString.of(edits.addedName(i)).toLowerCase();
            lines[at++] = AsciiString.of(edits.addedValue(i));
        }
        if (requestId != null) {
            lines[at++] = HeaderNames.X_REQUEST_ID;
            lines[at++] = AsciiString.of(requestId);
        }
        if (setCookie != null) {
            lines[at++] = HttpHeaderNames.SET_COOKIE;
            lines[at++] = AsciiString.of(setCookie);
        }
        if (altSvc != null) {
            lines[at++] = AltSvc.NAME;
            lines[at++] = altSvc;
        }
        int status = edits == null ? response.status : edits.status();
        return ReadOnlyHttp2Headers.serverHeaders(false, HttpResponseStatus.valueOf(status).codeAsText(), lines);
    }

    /** Response body bytes: framed when the next write or a flush comes, so the last chunk can carry END_STREAM. */
    @Override
    public void body(ByteBuf data) {
        if (!open || headRequest) {
            data.release();
            return;
        }
        writePending();
        pendingData = data;
    }

    /** The response ends: END_STREAM on its last DATA frame, or on its trailers. */
    @Override
    public void end(byte[] trailerLines) {
        if (!open) {
            return;
        }
        ByteBuf data = pendingData;
        pendingData = null;
        if (trailerLines == null || headRequest) {
            end(data == null ? Unpooled.EMPTY_BUFFER : data);
            return;
        }
        if (data != null) {
            connection.encoder().writeData(context(), stream.id(), data, 0, false, context().voidPromise());
        }
        Http2Headers trailers = ServerStream.trailerFields(trailerLines, new DefaultHttp2Headers(false));
        responseEnd = connection.encoder().writeHeaders(context(), stream.id(), trailers, 0, true,
                context().newPromise());
    }

    /**
     * Trailer lines ({@code name: value} CRLF each, as checked by the response parser) as HTTP/2 headers, without
     * the connection-specific ones HTTP/2 forbids.
     */
    /** An answer of the edge's own, whole: HEADERS, and DATA with END_STREAM unless it has no body to send. */
    @Override
    public void answer(FullHttpResponse response) {
        if (!open) {
            response.release();
            return;
        }
        writeAnswer(response);
        flush();
    }

    /** A stored answer: its header block plus the request id, and its body with END_STREAM unless it has none to send. */
    @Override
    public void answer(StoredAnswer answer, ByteBuf body, CharSequence requestId, boolean close) {
        if (!open) {
            body.release();
            return;
        }
        Http2Headers headers = answer.http2Headers().set(HeaderNames.X_REQUEST_ID, requestId);
        AsciiString altSvc = AltSvc.of(connection.advertiser);
        if (altSvc != null && !answer.carries(AltSvc.NAME.toString())) {
            headers.add(AltSvc.NAME, altSvc);
        }
        if (headRequest || !body.isReadable()) {
            body.release();
            responseEnd = connection.encoder().writeHeaders(context(), stream.id(), headers, 0, true,
                    context().newPromise());
            return;
        }
        connection.encoder().writeHeaders(context(), stream.id(), headers, 0, false, context().voidPromise());
        end(body);
    }

    private void writeAnswer(FullHttpResponse response) {
        AltSvc.add(connection.advertiser, response.headers());
        Http2Headers headers = HttpConversionUtil.toHttp2Headers(response, false);
        ByteBuf content = response.content();
        if (headRequest || !content.isReadable()) {
            content.release();
            responseEnd = connection.encoder().writeHeaders(context(), stream.id(), headers, 0, true,
                    context().newPromise());
            return;
        }
        connection.encoder().writeHeaders(context(), stream.id(), headers, 0, false, context().voidPromise());
        end(content);
    }

    private void end(ByteBuf data) {
        responseEnd = connection.encoder().writeData(context(), stream.id(), data, 0, true, context().newPromise());
    }

    private void writePending() {
        ByteBuf data = pendingData;
        if (data != null) {
            pendingData = null;
            connection.encoder().writeData(context(), stream.id(), data, 0, false, context().voidPromise());
        }
    }

    /** Sends what was written: the held DATA frame, then the connection's buffer (once its read batch is over). */
    @Override
    public void flush() {
        writePending();
        connection.flushSoon();
    }

    /** The client may take more of the response: the stream's send window is open, and the connection's. */
    @Override
    public boolean writable() {
        return connection.encoder().flowController().isWritable(stream);
    }

    @Override
    public boolean readingPaused() {
        return paused;
    }

    /**
     * The edge is done with the stream: once its response is out, a client still sending its request is told to
     * stop (RST_STREAM NO_ERROR, RFC 9113 §8.1); a response that never ended is cut off (CANCEL).
     */
    @Override
    public void close() {
        if (!open) {
            return;
        }
        ChannelFuture end = responseEnd;
        if (end == null) {
            reset(Http2Error.CANCEL);
            return;
        }
        flush();
        if (end.isDone()) {
            stopRequest();
        } else {
            end.addListener(written -> stopRequest());
        }
    }

    private void stopRequest() {
        if (open && stream.state().remoteSideOpen()) {
            reset(Http2Error.NO_ERROR);
        }
    }

    private void reset(Http2Error error) {
        open = false;
        releaseWaiting();
        releasePending();
        connection.resetStream(context(), stream.id(), error.code(), context().newPromise());
        connection.flushSoon();
    }

    ChannelHandlerContext context() {
        return connection.context;
    }
}

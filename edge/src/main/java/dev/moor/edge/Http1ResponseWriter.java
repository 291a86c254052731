package dev.moor.edge;

import dev.moor.edge.filter.StoredAnswer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Writes the answers of an HTTP/1.1 connection's exchanges, one response at a time. A proxied head is built as
 * bytes from the upstream's kept lines and written before the response encoder, which only encodes the edge's own
 * answers; the body passes through as it came, chunked for the client when its length is not known. On the HTTPS
 * port, final responses advertise HTTP/3 while the edge serves it ({@link AltSvc}).
 */
final class Http1ResponseWriter implements ResponseWriter {
    private final ChannelHandlerContext context;
    /** The request decoder's context: raw bytes written there skip the response encoder. */
    final ChannelHandlerContext raw;
    private final ProxyResponseEncoder encoder;
    private final HeadBuilder heads;
    /** Where HTTP/3 is advertised from, on a connection to the HTTPS port; null on a plain one. */
    private final EdgeServer advertiser;
    private boolean http10;
    private boolean headRequest;
    private boolean chunked;

    Http1ResponseWriter(ChannelHandlerContext context, ProxyResponseEncoder encoder, HeadBuilder heads,
                        EdgeServer advertiser) {
        this.context = context;
        this.raw = context.pipeline().context(StrictRequestDecoder.class);
        this.encoder = encoder;
        this.heads = heads;
        this.advertiser = advertiser;
    }

    /** The next response answers a request of this HTTP version and method. */
    void begin(boolean http10, boolean headRequest) {
        this.http10 = http10;
        this.headRequest = headRequest;
        chunked = false;
    }

    @Override
    public void interim(ResponseHead response) {
        if (http10) {
            return;
        }
        HeadBuilder out = heads.start();
        statusLine(out, response);
        lines(out, response, null);
        raw.write(out.crlf().toBuffer(raw.alloc()), raw.voidPromise());
    }

    @Override
    public boolean head(ResponseHead response, HeadEdits edits, CharSequence requestId, CharSequence setCookie,
                        boolean close, ByteBuf wholeBody) {
        HeadBuilder out = heads.start();
        if (edits != null && edits.statusReplaced()) {
            out.ascii("HTTP/1.1 ").status(edits.status()).ascii(" ")
                    .ascii(HttpResponseStatus.valueOf(edits.status()).reasonPhrase()).crlf();
        } else {
            statusLine(out, response);
        }
        lines(out, response, edits);
        out.header("x-request-id", requestId);
        if (setCookie != null) {
            out.header("set-cookie", setCookie);
        }
        CharSequence altSvc = AltSvc.of(advertiser);
        if (altSvc != null && !AltSvc.carried(response, edits)) {
            out.header(AltSvc.NAME, altSvc);
        }
        int status = edits == null ? response.status : edits.status();
        boolean bodyless = headRequest || status == 204 || status == 304;
        boolean lengthUnknown = response.chunked || response.contentLength < 0 || edits != null && edits.lengthRemoved();
        if (!bodyless && lengthUnknown) {
            if (http10) {
                close = true;
            } else {
                chunked = true;
                out.header("transfer-encoding", "chunked");
            }
        } else if (bodyless && response.chunked && !http10 && (edits == null || !edits.lengthRemoved())) {
            out.header("transfer-encoding", "chunked");
        }
        if (close) {
            out.header("connection", "close");
        } else if (http10) {
            out.header("connection", "keep-alive");
        }
        out.crlf();
        if (wholeBody != null) {
            out.bytes(wholeBody);
            wholeBody.release();
        }
        raw.write(out.toBuffer(raw.alloc()), raw.voidPromise());
        return close;
    }

    /** The 101 of a WebSocket handshake the upstream accepted, and what the upstream sent right after it. */
    void switchProtocols(ResponseHead response, CharSequence requestId, CharSequence setCookie, ByteBuf early) {
        HeadBuilder out = heads.start();
        statusLine(out, response);
        lines(out, response, null);
        out.header("connection", "upgrade")
                .ascii("upgrade: ").bytes(response.bytes, response.upgradeStart, response.upgradeEnd - response.upgradeStart)
                .crlf()
                .header("x-request-id", requestId);
        if (setCookie != null) {
            out.header("set-cookie", setCookie);
        }
        raw.write(out.crlf().toBuffer(raw.alloc()), raw.voidPromise());
        if (early.isReadable()) {
            raw.write(early, raw.voidPromise());
        } else {
            early.release();
        }
    }

    private static void statusLine(HeadBuilder out, ResponseHead response) {
        out.ascii("HTTP/1.1 ").status(response.status).ascii(" ")
                .bytes(response.bytes, response.reasonStart, response.reasonEnd - response.reasonStart).crlf();
    }

    private static void lines(HeadBuilder out, ResponseHead response, HeadEdits edits) {
        int[] kept = response.kept;
        for (int i = 0; i < response.keptCount; i++) {
            if (edits == null || edits.kept(i)) {
                out.bytes(response.bytes, kept[i * 2], kept[i * 2 + 1] - kept[i * 2]).crlf();
            }
        }
        if (edits != null) {
            for (int i = 0; i < edits.addedCount(); i++) {
                out.header(edits.addedName(i), edits.addedValue(i));
            }
        }
    }

    @Override
    public void body(ByteBuf data) {
        if (chunked) {
            ChunkedFraming.chunk(raw, data);
        } else {
            raw.write(data, raw.voidPromise());
        }
    }

    @Override
    public void end(byte[] trailerLines) {
        if (chunked) {
            ChunkedFraming.last(raw, trailerLines);
        }
    }

    @Override
    public void answer(FullHttpResponse response) {
        AltSvc.add(advertiser, response.headers());
        encoder.answeringHead = headRequest;
        context.writeAndFlush(response, context.voidPromise());
    }

    @Override
    public void answer(StoredAnswer answer, ByteBuf body, CharSequence requestId, boolean close) {
        ByteBuf stored = answer.http1Head();
        HeadBuilder out = heads.start().bytes(stored);
        stored.release();
        out.header("x-request-id", requestId);
        CharSequence altSvc = AltSvc.of(advertiser);
        if (altSvc != null && !answer.carries(AltSvc.NAME.toString())) {
            out.header(AltSvc.NAME, altSvc);
        }
        if (close) {
            out.header("connection", "close");
        } else if (http10) {
            out.header("connection", "keep-alive");
        }
        raw.write(out.crlf().toBuffer(raw.alloc()), raw.voidPromise());
        if (headRequest || !body.isReadable()) {
            body.release();
        } else {
            raw.write(body, raw.voidPromise());
        }
    }

    @Override
    public void flush() {
        context.flush();
    }

    @Override
    public void closeAfterWrites() {
        context.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void close() {
        context.channel().close();
    }

    @Override
    public boolean open() {
        return context.channel().isActive();
    }

    @Override
    public ByteBufAllocator alloc() {
        return context.alloc();
    }
}

package dev.moor.edge;

import dev.moor.edge.filter.StoredAnswer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;

/**
 * Where an exchange's answer goes, framed for the client's protocol: an HTTP/1.1 connection ({@link
 * Http1ResponseWriter}) or one HTTP/2 or HTTP/3 stream ({@link ServerStream}). Writes are buffered until
 * {@link #flush()}.
 */
interface ResponseWriter {
    /** A 1xx head, passed on where the client's protocol has them. */
    void interim(ResponseHead response);

    /**
     * The final head of a proxied response, less the lines {@code edits} removed and plus those it added (no edits
     * when null), with the request id and the canary cookie (when not null) added; {@code wholeBody}, when not
     * null, is the whole body, taken over. Returns whether the connection must close after this response.
     */
    boolean head(ResponseHead response, HeadEdits edits, CharSequence requestId, CharSequence setCookie,
                 boolean close, ByteBuf wholeBody);

    /** A piece of the response body, taken over. */
    void body(ByteBuf data);

    /** The response ends, with the trailer lines (each ending in CRLF) when not null. */
    void end(byte[] trailerLines);

    /** An answer of the edge's own, whole, sent at once. */
    void answer(FullHttpResponse response);

    /**
     * A stored answer, its head as rendered plus the request id (and Connection on HTTP/1.1: close when {@code
     * close}); {@code body}, its body, is taken over and not sent to a HEAD request.
     */
    void answer(StoredAnswer answer, ByteBuf body, CharSequence requestId, boolean close);

    /** Sends what was written. */
    void flush();

    /** The response is out: the connection closes once it is written (a stream ends). */
    void closeAfterWrites();

    /** Cuts the client off now: the connection closes (a stream is reset unless its response is out). */
    void close();

    /** The client can still be answered. */
    boolean open();

    ByteBufAllocator alloc();
}

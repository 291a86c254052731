package dev.moor.edge.filter;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http2.Http2Headers;

/**
 * An answer from a stored response whose head was rendered when it was stored (a cache hit): the edge writes that
 * head with only its own lines added (X-Request-Id, and Connection on HTTP/1.1) and the body as the buffer it is,
 * without building a message. A HEAD request gets the head alone. Called once per answer, on the request's event
 * loop, for the client's protocol only.
 */
public non-sealed interface StoredAnswer extends Answer {
    /**
     * The HTTP/1.1 status line and every header line of the answer but the edge's own, Content-Length included,
     * each ended by CRLF, without the blank line that ends a head. The edge takes the buffer over.
     */
    ByteBuf http1Head();

    /** The HTTP/2 header block of the answer (with :status) but the edge's own fields, which it adds. */
    Http2Headers http2Headers();

    /** The body, as long as the head says (empty for none); the edge takes the buffer over. */
    ByteBuf body();

    /**
     * Whether the head has a field {@code name} (lower case) of its own: the edge adds no line of that name then
     * (its Alt-Svc).
     */
    boolean carries(String name);
}

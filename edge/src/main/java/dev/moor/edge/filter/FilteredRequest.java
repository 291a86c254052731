package dev.moor.edge.filter;

import io.netty.handler.codec.http.HttpHeaders;

/** What a filter may read of a request: its line, its headers as the client sent them, and where it came from. */
public interface FilteredRequest {
    /** The method, upper case as sent ({@code GET}). */
    String method();

    /** The Host header (or the authority of an absolute target), as sent; may carry a port; null when absent. */
    String host();

    /** The request target as sent: origin form ({@code /a?b}) unless the client sent an absolute one. */
    String target();

    /** The path of the target, without its query. */
    String path();

    /** The request's headers as the client sent them. A filter must not change them: see {@link #setUpstreamHeader}. */
    HttpHeaders headers();

    /**
     * The request sent upstream carries one line {@code name: value} in place of the client's lines of that name.
     * Not a framing, hop-by-hop, forwarding or Host header: those are the edge's.
     */
    void setUpstreamHeader(String name, String value);

    /** The request sent upstream carries none of the client's lines named {@code name}. */
    void removeUpstreamHeader(String name);

    /** The client's address: the real client's when the request came through trusted proxies. */
    String clientAddress();

    /** The edge's port the request arrived on. */
    int port();

    /** Where buffers for this request's connection come from. */
    io.netty.buffer.ByteBufAllocator allocator();
}

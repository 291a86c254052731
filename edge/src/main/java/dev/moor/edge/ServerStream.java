package dev.moor.edge;

/**
 * One request stream of a multiplexed client connection, served by a {@link ClientConnection} of its own as an
 * HTTP/1.1 connection carrying one request would be: an HTTP/2 stream ({@link Http2ServerStream}) or an HTTP/3 one
 * ({@link Http3ServerStream}). Its connection's {@link ConnectionGuard} keeps the time for it.
 */
interface ServerStream extends ResponseWriter {
    /** The guard of the stream's connection. */
    ConnectionGuard guard();

    /** The exchange wants the request's body (or not, for now): request data waits in the stream meanwhile. */
    void reading(boolean read);

    boolean readingPaused();

    /** The client may take more of the response now. */
    boolean writable();

    /** The protocol, as the access log names it. */
    String protocol();
}

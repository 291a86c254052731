package dev.moor.edge;

import io.netty.handler.codec.Headers;
import io.netty.util.AsciiString;

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

    /**
     * Adds the upstream's trailer lines (each ending in CRLF) to {@code headers} with lower-case names, less those a
     * multiplexed protocol does not carry (hop-by-hop, Transfer-Encoding, Host); returns {@code headers}.
     */
    static <H extends Headers<CharSequence, CharSequence, H>> H trailerFields(byte[] lines, H headers) {
        for (int start = 0; start < lines.length; ) {
            int end = HttpSyntax.indexOf(lines, (byte) '\r', start, lines.length);
            int colon = HttpSyntax.indexOf(lines, (byte) ':', start, end);
            HeaderKind kind = HeaderKind.of(lines, start, colon - start);
            if (!kind.hopByHop() && kind != HeaderKind.TRANSFER_ENCODING && kind != HeaderKind.HOST) {
                int valueStart = ResponseHead.valueStart(lines, colon, end);
                int valueEnd = ResponseHead.valueEnd(lines, valueStart, end);
                headers.add(ResponseHeaderNames.lowerCase(lines, start, colon),
                        new AsciiString(lines, valueStart, valueEnd - valueStart, true));
            }
            start = end + 2;
        }
        return headers;
    }
}

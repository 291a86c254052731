package dev.moor.edge;

import io.netty.buffer.ByteBuf;

import java.util.Arrays;

/**
 * Reads the responses of one upstream connection from raw bytes: the head into a {@link ResponseHead}, the body
 * by its framing (Content-Length, chunked, or until the connection closes) as slices of the received buffers,
 * with chunk framing removed; the exchange frames the body again for its client. Reports to the connection's
 * owner. Confined to the connection's event loop.
 */
final class ResponseParser {
    private static final int MAX_HEAD = StrictRequestDecoder.MAX_HEADERS;
    private static final int MAX_CHUNK_LINE = 4096;
    private static final int TYPICAL_HEAD = 1024;
    /** A body up to this size that arrived with its head goes to the client in the same buffer as the head. */
    private static final int WHOLE_BODY_LIMIT = 16 * 1024;

    private enum State { HEAD, FIXED, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, UNTIL_CLOSE, FAILED }

    final ResponseHead head = new ResponseHead();
    /** The response answers a HEAD request: it has no body whatever its headers say. */
    boolean bodyless;
    private byte[] scratch = new byte[4096];
    private ByteBuf pending;
    private State state = State.HEAD;
    private long remaining;

    /** Takes {@code in} over and hands what it completes to the connection's owner. */
    void read(ByteBuf in, UpstreamConnection connection) {
        ByteBuf buffer = in;
        if (pending != null) {
            buffer = pending.isWritable(in.readableBytes()) ? pending : pending.alloc()
                    .directBuffer(pending.readableBytes() + in.readableBytes()).writeBytes(pending);
            if (buffer != pending) {
                pending.release();
            }
            buffer.writeBytes(in);
            in.release();
            pending = null;
        }
        boolean needMore = false;
        while (buffer.isReadable() && !needMore) {
            Exchange exchange = connection.owner;
            if (exchange == null || state == State.FAILED) {
                // Nothing may arrive between responses: the connection is out of step, drop it.
                connection.channel.close();
                break;
            }
            needMore = switch (state) {
                case HEAD -> head(buffer, exchange, connection);
                case FIXED -> fixed(buffer, exchange, connection);
                case CHUNK_SIZE -> chunkSize(buffer, exchange);
                case CHUNK_DATA -> chunkData(buffer, exchange);
                case CHUNK_END -> chunkEnd(buffer, exchange);
                case TRAILERS -> trailers(buffer, exchange, connection);
                case UNTIL_CLOSE -> {
                    exchange.responseBody(buffer.readRetainedSlice(buffer.readableBytes()));
                    yield false;
                }
                case FAILED -> false;
            };
        }
        if (needMore) {
            pending = buffer;
        } else {
            buffer.release();
        }
    }

    /** The connection closed: a body delimited by the close ends here; anything else was cut short. */
    void closed(UpstreamConnection connection) {
        if (pending != null) {
            pending.release();
            pending = null;
        }
        Exchange exchange = connection.owner;
        if (state == State.UNTIL_CLOSE && exchange != null) {
            state = State.HEAD;
            exchange.responseEnd(null, false);
        }
    }

    private boolean head(ByteBuf buffer, Exchange exchange, UpstreamConnection connection) {
        // Most heads fit the first KiB: the body that usually follows in the same read need not be copied too.
        int available = Math.min(buffer.readableBytes(), MAX_HEAD);
        int copied = Math.min(available, TYPICAL_HEAD);
        int length = parseHead(buffer, copied);
        if (length == ResponseHead.INCOMPLETE && copied < available) {
            length = parseHead(buffer, available);
        }
        if (length == ResponseHead.INCOMPLETE) {
            if (available >= MAX_HEAD) {
                return fail(exchange, "a response head larger than " + MAX_HEAD + " bytes");
            }
            return true;
        }
        if (length == ResponseHead.INVALID) {
            return fail(exchange, head.problem);
        }
        buffer.skipBytes(length);
        int status = head.status;
        if (status == 101) {
            if (!exchange.upgrading()) {
                return fail(exchange, "101 Switching Protocols to a request that did not ask for it");
            }
            // What follows the 101 in this read already belongs to the tunnel.
            exchange.switchProtocols(head, buffer.readRetainedSlice(buffer.readableBytes()));
            return false;
        }
        if (status < 200) {
            exchange.responseInterim(head);
            return false;
        }
        if (bodyless || status == 204 || status == 304) {
            exchange.responseHead(head, null);
            end(exchange, connection, buffer, null);
            return false;
        }
        if (head.chunked) {
            state = State.CHUNK_SIZE;
        } else if (head.contentLength >= 0) {
            state = State.FIXED;
            remaining = head.contentLength;
        } else {
            state = State.UNTIL_CLOSE;
        }
        if (state == State.FIXED && remaining <= WHOLE_BODY_LIMIT && buffer.readableBytes() >= remaining) {
            // The whole (small) body is here: it can leave with the head in one write.
            ByteBuf body = buffer.readRetainedSlice((int) remaining);
            remaining = 0;
            exchange.responseHead(head, body);
            end(exchange, connection, buffer, null);
            return false;
        }
        exchange.responseHead(head, null);
        return false;
    }

    private int parseHead(ByteBuf buffer, int count) {
        if (scratch.length < count) {
            scratch = new byte[Math.max(count, scratch.length * 2)];
        }
        buffer.getBytes(buffer.readerIndex(), scratch, 0, count);
        return head.parse(scratch, count);
    }

    private boolean fixed(ByteBuf buffer, Exchange exchange, UpstreamConnection connection) {
        int length = (int) Math.min(remaining, buffer.readableBytes());
        remaining -= length;
        exchange.responseBody(buffer.readRetainedSlice(length));
        if (remaining == 0) {
            end(exchange, connection, buffer, null);
        }
        return false;
    }

    private boolean chunkSize(ByteBuf buffer, Exchange exchange) {
        int start = buffer.readerIndex();
        int lineFeed = buffer.indexOf(start, Math.min(buffer.writerIndex(), start + MAX_CHUNK_LINE), (byte) '\n');
        if (lineFeed < 0) {
            return buffer.readableBytes() < MAX_CHUNK_LINE || fail(exchange, "a chunk size line too long");
        }
        long size = 0;
        int digits = 0;
        int i = start;
        for (; i < lineFeed; i++) {
            int digit = Character.digit(buffer.getByte(i), 16);
            if (digit < 0) {
                break;
            }
            if (++digits > 15) {
                return fail(exchange, "a chunk size too large");
            }
            size = size * 16 + digit;
        }
        if (digits == 0) {
            return fail(exchange, "an invalid chunk size");
        }
        boolean extension = false;
        for (; i < lineFeed; i++) {
            byte b = buffer.getByte(i);
            if (b == '\r') {
                if (i != lineFeed - 1) {
                    return fail(exchange, "a bare CR in a chunk size line");
                }
            } else if (b == ';') {
                extension = true;
            } else if (!(extension ? HttpSyntax.fieldValue(b) : HttpSyntax.whitespace(b))) {
                return fail(exchange, "an invalid chunk size line");
            }
        }
        buffer.readerIndex(lineFeed + 1);
        remaining = size;
        state = size == 0 ? State.TRAILERS : State.CHUNK_DATA;
        return false;
    }

    private boolean chunkData(ByteBuf buffer, Exchange exchange) {
        int length = (int) Math.min(remaining, buffer.readableBytes());
        remaining -= length;
        if (remaining == 0) {
            state = State.CHUNK_END;
        }
        exchange.responseBody(buffer.readRetainedSlice(length));
        return false;
    }

    private boolean chunkEnd(ByteBuf buffer, Exchange exchange) {
        byte first = buffer.getByte(buffer.readerIndex());
        if (first == '\n') {
            buffer.skipBytes(1);
        } else if (first == '\r') {
            if (buffer.readableBytes() < 2) {
                return true;
            }
            if (buffer.getByte(buffer.readerIndex() + 1) != '\n') {
                return fail(exchange, "chunk data not followed by CRLF");
            }
            buffer.skipBytes(2);
        } else {
            return fail(exchange, "chunk data not followed by CRLF");
        }
        state = State.CHUNK_SIZE;
        return false;
    }

    /** The trailer section after the last chunk, up to its blank line; valid lines go on, framing ones do not. */
    private boolean trailers(ByteBuf buffer, Exchange exchange, UpstreamConnection connection) {
        int readable = Math.min(buffer.readableBytes(), MAX_HEAD);
        if (scratch.length < readable) {
            scratch = new byte[Math.max(readable, scratch.length * 2)];
        }
        buffer.getBytes(buffer.readerIndex(), scratch, 0, readable);
        byte[] kept = new byte[0];
        int line = 0;
        while (true) {
            int lineFeed = HttpSyntax.indexOf(scratch, (byte) '\n', line, readable);
            if (lineFeed < 0) {
                return readable < MAX_HEAD || fail(exchange, "a trailer section larger than " + MAX_HEAD + " bytes");
            }
            int end = lineFeed > line && scratch[lineFeed - 1] == '\r' ? lineFeed - 1 : lineFeed;
            if (end == line) {
                buffer.skipBytes(lineFeed + 1);
                end(exchange, connection, buffer, kept.length == 0 ? null : kept);
                return false;
            }
            int colon = HttpSyntax.indexOf(scratch, (byte) ':', line, end);
            if (colon <= line || !validTrailer(line, colon, end)) {
                return fail(exchange, "an invalid trailer line");
            }
            HeaderKind kind = HeaderKind.of(scratch, line, colon - line);
            if (kind == HeaderKind.OTHER || kind == HeaderKind.X_REQUEST_ID) {
                int at = kept.length;
                kept = Arrays.copyOf(kept, at + end - line + 2);
                System.arraycopy(scratch, line, kept, at, end - line);
                kept[kept.length - 2] = '\r';
                kept[kept.length - 1] = '\n';
            }
            line = lineFeed + 1;
        }
    }

    private boolean validTrailer(int start, int colon, int end) {
        for (int i = start; i < colon; i++) {
            if (!HttpSyntax.token(scratch[i])) {
                return false;
            }
        }
        for (int i = colon + 1; i < end; i++) {
            if (!HttpSyntax.fieldValue(scratch[i])) {
                return false;
            }
        }
        return true;
    }

    /** The response is complete: the connection may serve another one only if nothing else came after it. */
    private void end(Exchange exchange, UpstreamConnection connection, ByteBuf buffer, byte[] trailers) {
        state = State.HEAD;
        if (connection.owner == exchange) {
            exchange.responseEnd(trailers, !buffer.isReadable());
        }
    }

    private boolean fail(Exchange exchange, String problem) {
        state = State.FAILED;
        exchange.responseInvalid(problem);
        return false;
    }
}

package dev.moor.edge;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;

/** Writes a body in chunked transfer coding: each piece as {@code size CRLF data CRLF}, then the last chunk. */
final class ChunkedFraming {
    private static final ByteBuf CRLF = Unpooled.unreleasableBuffer(
            Unpooled.directBuffer(2).writeByte('\r').writeByte('\n')).asReadOnly();
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private ChunkedFraming() {}

    /** Writes {@code data} (taking it over) as one chunk; an empty piece is dropped, it would end the body. */
    static void chunk(ChannelHandlerContext ctx, ByteBuf data) {
        int size = data.readableBytes();
        if (size == 0) {
            data.release();
            return;
        }
        byte[] line = new byte[10];
        int at = line.length;
        line[--at] = '\n';
        line[--at] = '\r';
        do {
            line[--at] = HEX[size & 0xF];
            size >>>= 4;
        } while (size != 0);
        ctx.write(ctx.alloc().directBuffer(line.length - at).writeBytes(line, at, line.length - at), ctx.voidPromise());
        ctx.write(data, ctx.voidPromise());
        ctx.write(CRLF.duplicate(), ctx.voidPromise());
    }

    /** The last chunk with the trailer lines (each ending in CRLF), if any. */
    static void last(ChannelHandlerContext ctx, byte[] trailerLines) {
        int trailers = trailerLines == null ? 0 : trailerLines.length;
        ByteBuf last = ctx.alloc().directBuffer(5 + trailers).writeByte('0').writeByte('\r').writeByte('\n');
        if (trailers > 0) {
            last.writeBytes(trailerLines);
        }
        ctx.write(last.writeByte('\r').writeByte('\n'), ctx.voidPromise());
    }
}

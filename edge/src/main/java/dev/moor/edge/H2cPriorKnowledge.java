package dev.moor.edge;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The first handler of every client connection: when the connection starts with the HTTP/2 client preface
 * (h2c with prior knowledge) it becomes an HTTP/2 connection; at the first byte that differs it leaves the
 * HTTP/1.1 handlers alone. Either way it removes itself and hands the bytes it held on, so it costs nothing
 * after a connection's first read.
 */
final class H2cPriorKnowledge extends ByteToMessageDecoder {
    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final EdgeServer server;
    private final LoopContext loop;

    H2cPriorKnowledge(EdgeServer server, LoopContext loop) {
        this.server = server;
        this.loop = loop;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int available = Math.min(in.readableBytes(), PREFACE.length);
        int start = in.readerIndex();
        for (int i = 0; i < available; i++) {
            if (in.getByte(start + i) != PREFACE[i]) {
                ctx.pipeline().remove(this);
                return;
            }
        }
        if (available == PREFACE.length) {
            Http2Support.switchToHttp2(ctx.pipeline(), ctx.name(), server, loop);
            ctx.pipeline().remove(this);
        }
    }
}

package dev.moor.edge.cache;

import dev.moor.edge.filter.StoredAnswer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;

import java.nio.charset.StandardCharsets;

/**
 * A cache hit as the edge writes it: the stored response's head as rendered when it was stored, plus its Age and an
 * X-Cache line saying how the cache answered; its body as stored.
 */
record CachedAnswer(CacheLookup.Hit hit) implements StoredAnswer {
    static final String X_CACHE = "x-cache";
    private static final AsciiString X_CACHE_2 = AsciiString.cached("x-cache");
    private static final byte[] AGE_1 = "age: ".getBytes(StandardCharsets.ISO_8859_1);
    /** Per {@link CacheStatus}, by ordinal: its X-Cache line (HTTP/1.1) and value (HTTP/2). */
    private static final byte[][] STATUS_LINES = new byte[CacheStatus.values().length][];
    private static final AsciiString[] STATUS_VALUES = new AsciiString[CacheStatus.values().length];

    static {
        for (CacheStatus status : CacheStatus.values()) {
            STATUS_LINES[status.ordinal()] = ("\r\nx-cache: " + status.name() + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            STATUS_VALUES[status.ordinal()] = AsciiString.cached(status.name());
        }
    }

    @Override
    public int status() {
        return hit.statusCode();
    }

    @Override
    public ByteBuf http1Head() {
        ByteBuf stored = hit.http1Head();
        byte[] statusLine = STATUS_LINES[hit.status().ordinal()];
        ByteBuf head = Unpooled.buffer(stored.readableBytes() + AGE_1.length + 20 + statusLine.length);
        head.writeBytes(stored).writeBytes(AGE_1);
        ByteBufUtil.writeAscii(head, Long.toString(hit.ageSeconds()));
        return head.writeBytes(statusLine);
    }

    @Override
    public Http2Headers http2Headers() {
        return hit.http2Headers().add(X_CACHE_2, STATUS_VALUES[hit.status().ordinal()]);
    }

    @Override
    public ByteBuf body() {
        return hit.body();
    }

    @Override
    public boolean carries(String name) {
        return hit.carries(name);
    }
}

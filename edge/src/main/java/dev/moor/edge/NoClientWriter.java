package dev.moor.edge;

import dev.moor.edge.filter.StoredAnswer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;

/** The writer of a background exchange: no client waits for its response, so whatever is written is let go. */
enum NoClientWriter implements ResponseWriter {
    INSTANCE;

    @Override
    public void interim(ResponseHead response) {
    }

    @Override
    public boolean head(ResponseHead response, HeadEdits edits, CharSequence requestId, CharSequence setCookie,
                        boolean close, ByteBuf wholeBody) {
        if (wholeBody != null) {
            wholeBody.release();
        }
        return false;
    }

    @Override
    public void body(ByteBuf data) {
        data.release();
    }

    @Override
    public void end(byte[] trailerLines) {
    }

    @Override
    public void answer(FullHttpResponse response) {
        response.release();
    }

    @Override
    public void answer(StoredAnswer answer, ByteBuf body, CharSequence requestId, boolean close) {
        body.release();
    }

    @Override
    public void flush() {
    }

    @Override
    public void closeAfterWrites() {
    }

    @Override
    public void close() {
    }

    @Override
    public boolean open() {
        return true;
    }

    @Override
    public ByteBufAllocator alloc() {
        return ByteBufAllocator.DEFAULT;
    }
}

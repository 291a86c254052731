package dev.moor.edge.compression;

import com.github.luben.zstd.EndDirective;
import com.github.luben.zstd.ZstdCompressCtx;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.nio.ByteBuffer;

/**
 * Zstandard (RFC 8878, as an HTTP coding RFC 9659, whose 8 MiB window limit the window here stays under) over
 * zstd-jni's streaming context, reading and writing direct buffers in place. Contexts are pooled per event loop:
 * one holds a window and hash tables of about 2 MiB.
 */
final class ZstdEncoder extends StreamEncoder {
    private static final int IDLE_PER_THREAD = 4;
    private static final int SMALLEST_WINDOW_LOG = 10;
    private static final ByteBuffer NO_INPUT = ByteBuffer.allocateDirect(0);
    private static final PerThreadPool<ZstdCompressCtx> POOL =
            new PerThreadPool<>(ZstdCompressCtx::new, ZstdCompressCtx::close, IDLE_PER_THREAD);

    private final ZstdCompressCtx context;

    ZstdEncoder(ByteBufAllocator allocator, int level, long contentLength) {
        super(allocator);
        context = POOL.take();
        context.setLevel(level);
        context.setWindowLog(windowLog(contentLength, SMALLEST_WINDOW_LOG));
    }

    @Override
    public Coding coding() {
        return Coding.ZSTD;
    }

    @Override
    void compress(ByteBuf in, ByteBuf out) {
        ByteBuffer[] inputs = in.nioBuffers();
        for (int i = 0; i < inputs.length; i++) {
            EndDirective directive = i == inputs.length - 1 ? EndDirective.FLUSH : EndDirective.CONTINUE;
            stream(inputs[i], out, directive);
        }
    }

    @Override
    void end(ByteBuf out) {
        stream(NO_INPUT.duplicate(), out, EndDirective.END);
    }

    @Override
    void free(boolean reusable) {
        if (reusable) {
            context.reset();
            POOL.give(context);
        } else {
            context.close();
        }
    }

    /** Compresses all of {@code input}; with FLUSH or END, until the library holds nothing back. */
    private void stream(ByteBuffer input, ByteBuf out, EndDirective directive) {
        boolean flushed;
        do {
            ByteBuffer view = writable(out, 256);
            int start = view.position();
            flushed = context.compressByteBufferStream(view, input, directive);
            wrote(out, view, start);
        } while (input.hasRemaining() || directive != EndDirective.CONTINUE && !flushed);
    }
}

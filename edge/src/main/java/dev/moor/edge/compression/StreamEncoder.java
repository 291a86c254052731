package dev.moor.edge.compression;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.compression.CompressionException;

import java.nio.ByteBuffer;

/** What every {@link Encoder} shares: ownership of the chunks, output buffers, and the end of its native state. */
abstract sealed class StreamEncoder implements Encoder permits GzipEncoder, ZstdEncoder, BrotliEncoder {
    static final int MAX_WINDOW_LOG = 20;

    private final ByteBufAllocator allocator;
    private boolean done;

    StreamEncoder(ByteBufAllocator allocator) {
        this.allocator = allocator;
    }

    @Override
    public final ByteBuf encode(ByteBuf chunk) {
        try {
            checkOpen();
            if (!chunk.isReadable()) {
                return Unpooled.EMPTY_BUFFER;
            }
            // Text shrinks to a third or less at these levels; a body that does not grows the buffer.
            ByteBuf out = allocator.directBuffer((chunk.readableBytes() >> 1) + 64);
            try {
                compress(chunk, out);
                return out;
            } catch (RuntimeException e) {
                out.release();
                throw failed(e);
            } catch (Error e) {
                out.release();
                abandon();
                throw e;
            }
        } finally {
            chunk.release();
        }
    }

    @Override
    public final ByteBuf finish() {
        checkOpen();
        ByteBuf out = allocator.directBuffer(64);
        try {
            end(out);
        } catch (RuntimeException e) {
            out.release();
            throw failed(e);
        } catch (Error e) {
            out.release();
            abandon();
            throw e;
        }
        done = true;
        free(true);
        return out;
    }

    @Override
    public final void release() {
        if (!done) {
            done = true;
            free(true);
        }
    }

    /** Compresses the readable bytes of {@code in} into {@code out} and flushes. */
    abstract void compress(ByteBuf in, ByteBuf out);

    /** Writes the end of the stream into {@code out}. */
    abstract void end(ByteBuf out);

    /** Frees the native state, or gives it back to its pool when {@code reusable}. */
    abstract void free(boolean reusable);

    /**
     * The base-2 logarithm of the window a body of {@code contentLength} bytes needs (-1: unknown), at most 1 MiB.
     * Zstandard and brotli buffer a whole window per stream, 2 and 4 MiB at their defaults: an edge compressing a
     * thousand responses at once would hold gigabytes. Past 1 MiB a larger window finds few more matches at these
     * levels; below it, a body gets the window it fills.
     */
    static int windowLog(long contentLength, int smallest) {
        if (contentLength < 0 || contentLength > 1 << MAX_WINDOW_LOG) {
            return MAX_WINDOW_LOG;
        }
        return Math.max(smallest, 64 - Long.numberOfLeadingZeros(Math.max(contentLength - 1, 1)));
    }

    /** A view of the writable bytes of {@code out} (at least {@code space} of them), for a library to write into. */
    static ByteBuffer writable(ByteBuf out, int space) {
        out.ensureWritable(space);
        return out.internalNioBuffer(out.writerIndex(), out.writableBytes());
    }

    /** Moves {@code out}'s writer index past what a library wrote into {@code view}, taken at {@code start}. */
    static void wrote(ByteBuf out, ByteBuffer view, int start) {
        out.writerIndex(out.writerIndex() + view.position() - start);
    }

    private void checkOpen() {
        if (done) {
            throw new IllegalStateException(coding().token() + " encoder: already finished or released");
        }
    }

    /** After a failure: the native state may be inconsistent, so it is not reused. */
    private void abandon() {
        done = true;
        free(false);
    }

    private CompressionException failed(RuntimeException cause) {
        abandon();
        return cause instanceof CompressionException compression ? compression
                : new CompressionException(coding().token() + " encoder: " + cause.getMessage(), cause);
    }
}

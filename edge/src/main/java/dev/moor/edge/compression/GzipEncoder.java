package dev.moor.edge.compression;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * gzip (RFC 1952) over the JDK's {@link Deflater}, which reads and writes direct buffers in place. Deflaters are
 * pooled per event loop and level (a new one allocates about 256 KiB of native memory).
 */
final class GzipEncoder extends StreamEncoder {
    /** Magic, deflate, no flags, no modification time, no extra flags, operating system unknown. */
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
    private static final int IDLE_PER_THREAD = 8;
    private static final PerThreadPool<Deflater>[] POOLS = pools();

    private final Deflater deflater;
    private final PerThreadPool<Deflater> pool;
    private final CRC32 crc = new CRC32();
    private boolean headerWritten;

    GzipEncoder(ByteBufAllocator allocator, int level) {
        super(allocator);
        pool = POOLS[level];
        deflater = pool.take();
    }

    @Override
    public Coding coding() {
        return Coding.GZIP;
    }

    @Override
    void compress(ByteBuf in, ByteBuf out) {
        header(out);
        for (ByteBuffer input : in.nioBuffers()) {
            crc.update(input.duplicate());
            deflater.setInput(input);
            while (!deflater.needsInput()) {
                deflate(out, Deflater.NO_FLUSH);
            }
        }
        // A full output buffer may hold back part of the flush: deflate again until one is left with room.
        boolean filled;
        do {
            filled = deflate(out, Deflater.SYNC_FLUSH);
        } while (filled);
    }

    @Override
    void end(ByteBuf out) {
        header(out);
        deflater.finish();
        while (!deflater.finished()) {
            deflate(out, Deflater.NO_FLUSH);
        }
        out.writeIntLE((int) crc.getValue());
        out.writeIntLE((int) deflater.getBytesRead());
    }

    @Override
    void free(boolean reusable) {
        if (reusable) {
            deflater.reset();
            pool.give(deflater);
        } else {
            deflater.end();
        }
    }

    /** One deflate call into {@code out}; true when it filled the space it was given. */
    private boolean deflate(ByteBuf out, int flush) {
        ByteBuffer view = writable(out, 256);
        int start = view.position();
        int space = view.remaining();
        int written = deflater.deflate(view, flush);
        wrote(out, view, start);
        return written == space;
    }

    private void header(ByteBuf out) {
        if (!headerWritten) {
            out.writeBytes(HEADER);
            headerWritten = true;
        }
    }

    @SuppressWarnings("unchecked")
    private static PerThreadPool<Deflater>[] pools() {
        PerThreadPool<Deflater>[] pools = new PerThreadPool[Deflater.BEST_COMPRESSION + 1];
        for (int level = 0; level < pools.length; level++) {
            int poolLevel = level;
            pools[level] = new PerThreadPool<>(() -> new Deflater(poolLevel, true), Deflater::end, IDLE_PER_THREAD);
        }
        return pools;
    }
}

package dev.moor.edge.compression;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One response body of a 20 KiB HTML page compressed as the edge would: a new encoder (pooled state for gzip and
 * zstd, a new one for brotli), the page's chunks as they arrive, each flushed, then the end. {@code chunk} is the
 * size the page arrives in (20480: all at once), which shows what flushing every chunk costs in time; the setup
 * prints the compressed size, which shows what it costs in ratio. Besides the wall time per body, JMH reports
 * {@code cpuNanos} and {@code bodies} per iteration, whose quotient is the CPU time per body. Run with
 * {@code bench/jmh.sh CompressionBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CompressionBenchmark {
    /** A coding and its level: gzip-N, zstd-N, br-N. */
    @Param({"gzip-5", "gzip-6", "zstd-3", "br-4", "br-5"})
    public String setting;

    @Param({"20480", "4096", "1024"})
    public int chunk;

    private final ByteBufAllocator allocator = PooledByteBufAllocator.DEFAULT;
    private Compression compression;
    private Coding coding;
    private ByteBuf[] chunks;

    @Setup
    public void prepare() {
        String[] parts = setting.split("-");
        int level = Integer.parseInt(parts[1]);
        coding = switch (parts[0]) {
            case "gzip" -> Coding.GZIP;
            case "zstd" -> Coding.ZSTD;
            case "br" -> Coding.BROTLI;
            default -> throw new IllegalArgumentException("setting: " + setting + " (expected: gzip-N, zstd-N, br-N)");
        };
        compression = Compression.builder().gzipLevel(coding == Coding.GZIP ? level : 5)
                .zstdLevel(coding == Coding.ZSTD ? level : 3).brotliQuality(coding == Coding.BROTLI ? level : 4)
                .build();
        byte[] page = EncoderTest.page();
        List<byte[]> pieces = EncoderTest.split(page, chunk);
        chunks = new ByteBuf[pieces.size()];
        for (int i = 0; i < chunks.length; i++) {
            chunks[i] = allocator.directBuffer(pieces.get(i).length).writeBytes(pieces.get(i));
        }
        long compressed = compress();
        System.out.printf("%n%s in chunks of %d: %d -> %d bytes (%.1f %%)%n", setting, chunk, page.length,
                compressed, 100.0 * compressed / page.length);
    }

    @TearDown
    public void release() {
        for (ByteBuf buffer : chunks) {
            buffer.release();
        }
    }

    /**
     * The CPU time the benchmark thread spent compressing, besides the wall time JMH measures: on a machine shared
     * with other work the wall time grows with the load, the thread's own CPU time much less.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class CpuTime {
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

        public long cpuNanos;
        public long bodies;

        @Setup(Level.Iteration)
        public void clear() {
            cpuNanos = 0;
            bodies = 0;
        }
    }

    /** Returns the compressed size, so the work cannot be optimized away. */
    @Benchmark
    public long compress(CpuTime cpu) {
        long start = CpuTime.THREADS.getCurrentThreadCpuTime();
        long size = compress();
        cpu.cpuNanos += CpuTime.THREADS.getCurrentThreadCpuTime() - start;
        cpu.bodies++;
        return size;
    }

    private long compress() {
        Encoder encoder = compression.encoder(coding, allocator, -1);
        long size = 0;
        for (ByteBuf piece : chunks) {
            ByteBuf out = encoder.encode(piece.retainedDuplicate());
            size += out.readableBytes();
            out.release();
        }
        ByteBuf end = encoder.finish();
        size += end.readableBytes();
        end.release();
        return size;
    }
}

package dev.moor.edge.observe;

import dev.moor.edge.AccessLogEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The JSON access log: {@link #log} hands an entry to a bounded lock-free queue and returns; one daemon thread
 * writes the entries one JSON object per line. When the queue is full the entry is dropped and counted instead of
 * slowing the request path.
 *
 * <p>The request path never wakes the writer: it looks at the queue every {@link #IDLE_PARK_NANOS}, and flushes once
 * a whole such pause passed without an entry (or at least every {@link #MAX_FLUSH_INTERVAL_NANOS} under load). A
 * writer woken for each entry and flushing whenever it caught up cost an unpark per request on the event loops and
 * a write per handful of lines: a fifth of the edge's requests per second with the log on.
 */
public final class AsyncAccessLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AsyncAccessLog.class);

    private final BoundedMpscQueue<AccessLogEntry> queue;
    private final AccessLogJsonWriter writer;
    private final Thread writerThread;
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long MAX_FLUSH_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final LongAdder dropped = new LongAdder();
    private volatile boolean closed;
    private boolean failureReported;

    /**
     * Starts the writer thread.
     *
     * @param out           where the lines go; flushed, never closed: the caller owns it
     * @param queueCapacity how many entries may wait for the writer
     */
    public AsyncAccessLog(OutputStream out, int queueCapacity) {
        Objects.requireNonNull(out, "out");
        if (queueCapacity <= 0) {
            throw new IllegalArgumentException("access log queue capacity: " + queueCapacity + " (expected: > 0)");
        }
        this.queue = new BoundedMpscQueue<>(queueCapacity);
        try {
            this.writer = new AccessLogJsonWriter(out);
        } catch (IOException e) {
            throw new UncheckedIOException("access log: cannot write to " + out, e);
        }
        this.writerThread = Thread.ofPlatform().name("moor-edge-access-log").daemon().unstarted(this::writeUntilClosed);
        writerThread.start();
    }

    /** Queues an entry; never blocks. The entry is dropped and counted when the queue is full or the log closed. */
    public void log(AccessLogEntry entry) {
        Objects.requireNonNull(entry, "entry");
        if (closed || !queue.offer(entry)) {
            dropped.increment();
        }
    }

    /** Entries that were not written: the queue was full, the log was closed, or the stream failed. */
    public long dropped() {
        return dropped.sum();
    }

    /** Writes and flushes what is queued, then stops the writer thread. Does not close the stream. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(writerThread);
        boolean interrupted = false;
        while (writerThread.isAlive()) {
            try {
                writerThread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeUntilClosed() {
        boolean unflushed = false;
        boolean wroteSincePark = false;
        long lastFlush = System.nanoTime();
        while (true) {
            AccessLogEntry entry = queue.poll();
            if (entry != null) {
                write(entry);
                unflushed = true;
                wroteSincePark = true;
                if (System.nanoTime() - lastFlush >= MAX_FLUSH_INTERVAL_NANOS) {
                    flush();
                    unflushed = false;
                    lastFlush = System.nanoTime();
                }
                continue;
            }
            if (closed) {
                if (queue.isEmpty()) {
                    flush();
                    return;
                }
                Thread.onSpinWait(); // a producer claimed a slot and is about to publish it
                continue;
            }
            if (unflushed && !wroteSincePark) {
                flush();
                unflushed = false;
                lastFlush = System.nanoTime();
            }
            wroteSincePark = false;
            LockSupport.parkNanos(this, IDLE_PARK_NANOS);
        }
    }

    private void write(AccessLogEntry entry) {
        try {
            writer.write(entry);
        } catch (IOException e) {
            failed(e);
        }
    }

    private void flush() {
        try {
            writer.flush();
        } catch (IOException e) {
            failed(e);
        }
    }

    private void failed(IOException e) {
        try {
            dropped.add(writer.discardAfterFailure());
        } catch (IOException cannotRestart) {
            e.addSuppressed(cannotRestart);
        }
        if (!failureReported) {
            failureReported = true;
            LOG.warn("access log: cannot write: {}; dropping entries until the output recovers", e.toString());
        }
    }
}

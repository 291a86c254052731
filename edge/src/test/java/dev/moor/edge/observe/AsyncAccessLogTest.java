package dev.moor.edge.observe;

import dev.moor.edge.AccessLogEntry;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class AsyncAccessLogTest {
    @Test
    void writesOneJsonLinePerEntryInOrder() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (AsyncAccessLog log = new AsyncAccessLog(out, 1024)) {
            for (int i = 0; i < 100; i++) {
                log.log(entry("req-" + i));
            }
        }
        List<Map<String, Object>> lines = JsonLines.parse(out.toByteArray());
        assertThat(lines).hasSize(100);
        for (int i = 0; i < 100; i++) {
            assertThat(lines.get(i)).containsEntry("request_id", "req-" + i).containsEntry("status", 200L)
                    .containsEntry("path", "/orders?id=\"7\"\n");
        }
    }

    @Test
    void flushesWhenTheQueueRunsEmptyWithoutBeingClosed() {
        SynchronizedBytes out = new SynchronizedBytes();
        try (AsyncAccessLog log = new AsyncAccessLog(out, 16)) {
            for (int round = 1; round <= 5; round++) {
                log.log(entry("round-" + round));
                int lines = round;
                // The writer parks between rounds: each entry must wake it up.
                await().atMost(Duration.ofSeconds(5)).until(() -> JsonLines.parse(out.bytes()).size() == lines);
                sleepMillis(50);
            }
            assertThat(log.dropped()).isZero();
        }
    }

    @Test
    void dropsAndCountsEntriesWhileTheWriterIsBlocked() throws InterruptedException {
        BlockingOutputStream out = new BlockingOutputStream();
        try (AsyncAccessLog log = new AsyncAccessLog(out, 4)) {
            log.log(entry("first"));
            assertThat(out.writing.await(5, TimeUnit.SECONDS)).as("writer reached the stream").isTrue();

            long start = System.nanoTime();
            for (int i = 0; i < 14; i++) {
                log.log(entry("queued-" + i));
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("log never blocks").isLessThan(Duration.ofSeconds(1));
            assertThat(log.dropped()).isEqualTo(10);

            out.release.countDown();
        }
        assertThat(JsonLines.parse(out.bytes.toByteArray())).extracting(line -> line.get("request_id"))
                .containsExactly("first", "queued-0", "queued-1", "queued-2", "queued-3");
    }

    @Test
    void closeWritesEverythingQueuedAndLeavesTheStreamOpen() {
        AtomicBoolean streamClosed = new AtomicBoolean();
        ByteArrayOutputStream out = new ByteArrayOutputStream() {
            @Override
            public void close() {
                streamClosed.set(true);
            }
        };
        AsyncAccessLog log = new AsyncAccessLog(out, 10_000);
        for (int i = 0; i < 10_000; i++) {
            log.log(entry("r" + i));
        }
        log.close();

        assertThat(JsonLines.parse(out.toByteArray())).hasSize(10_000);
        assertThat(log.dropped()).isZero();
        assertThat(streamClosed).isFalse();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("moor-edge-access-log"));
    }

    @Test
    void countsEntriesLoggedAfterCloseAsDropped() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AsyncAccessLog log = new AsyncAccessLog(out, 8);
        log.close();
        log.close();
        log.log(entry("late"));

        assertThat(log.dropped()).isEqualTo(1);
        assertThat(out.size()).isZero();
    }

    @Test
    void writesOrCountsEveryEntryFromConcurrentLoggers() throws InterruptedException {
        SynchronizedBytes out = new SynchronizedBytes();
        int threads = 4;
        int perThread = 20_000;
        AsyncAccessLog log = new AsyncAccessLog(out, 64);
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> loggers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String prefix = "t" + t + "-";
            loggers.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    log.log(entry(prefix + i));
                }
            }));
        }
        start.countDown();
        for (Thread logger : loggers) {
            logger.join();
        }
        log.close();

        List<Map<String, Object>> lines = JsonLines.parse(out.bytes());
        Set<Object> ids = new HashSet<>();
        for (Map<String, Object> line : lines) {
            assertThat(ids.add(line.get("request_id"))).as("written twice: %s", line).isTrue();
        }
        assertThat(lines.size() + log.dropped()).isEqualTo((long) threads * perThread);
        assertThat(lines).isNotEmpty();
    }

    @Test
    void keepsWritingAfterTheStreamFailedOnce() {
        SynchronizedBytes out = new SynchronizedBytes();
        FailingOnceOutputStream failing = new FailingOnceOutputStream(out);
        try (AsyncAccessLog log = new AsyncAccessLog(failing, 16)) {
            log.log(entry("lost"));
            await().atMost(Duration.ofSeconds(5)).until(() -> log.dropped() == 1);
            log.log(entry("kept"));
        }
        assertThat(JsonLines.parse(out.bytes())).extracting(line -> line.get("request_id")).containsExactly("kept");
    }

    @Test
    void loggingAllocatesNothing() {
        AccessLogEntry entry = entry("same");
        try (AsyncAccessLog log = new AsyncAccessLog(OutputStream.nullOutputStream(), 1024)) {
            long bytes = Allocations.bytesOverRuns(() -> log.log(entry), 1_000_000);
            assertThat(bytes).as("bytes allocated by a million log calls").isLessThan(16 * 1024);
        }
    }

    @Test
    void rejectsAQueueCapacityBelowOne() {
        assertThatThrownBy(() -> new AsyncAccessLog(new ByteArrayOutputStream(), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("access log queue capacity: 0 (expected: > 0)");
    }

    private static AccessLogEntry entry(String requestId) {
        return new AccessLogEntry(1_700_000_000_000L, "127.0.0.1", "GET", "shop.local", "/orders?id=\"7\"\n",
                "HTTP/1.1", 200, 0, 512, "orders", "orders-1", 1, 1500, 900, requestId, "");
    }

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Collects bytes written by the writer thread so that the test thread can read them at any time. */
    private static final class SynchronizedBytes extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
        }

        synchronized byte[] bytes() {
            return bytes.toByteArray();
        }
    }

    /** Blocks the first write until released, so that the writer thread stands still. */
    private static final class BlockingOutputStream extends OutputStream {
        final CountDownLatch writing = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            writing.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            synchronized (bytes) {
                bytes.write(b, off, len);
            }
        }
    }

    /** Fails the first write, then passes everything on. */
    private static final class FailingOnceOutputStream extends OutputStream {
        private final OutputStream target;
        private boolean failed;

        FailingOnceOutputStream(OutputStream target) {
            this.target = target;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (!failed) {
                failed = true;
                throw new IOException("disk full");
            }
            target.write(b, off, len);
        }
    }
}

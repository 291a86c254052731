package dev.moor.edge.cache;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.moor.edge.cache.Http.answer;
import static dev.moor.edge.cache.Http.fetch;
import static dev.moor.edge.cache.Http.get;
import static dev.moor.edge.cache.Http.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Concurrent misses for one key on real event loops: one goes upstream, the others wait and resume on their loops. */
class CoalescingTest {
    /** Event loops like the edge's. */
    private static final EventLoopGroup LOOPS = new MultiThreadIoEventLoopGroup(4, NioIoHandler.newFactory());

    @AfterAll
    static void stopLoops() {
        LOOPS.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    /** What a batch of concurrent lookups decided at once, and what the waiting ones were resumed with. */
    private static final class Batch {
        final Queue<Forward> leaders = new ConcurrentLinkedQueue<>();
        final Queue<CacheLookup> immediate = new ConcurrentLinkedQueue<>();
        final Queue<CacheLookup> resumed = new ConcurrentLinkedQueue<>();
        final AtomicInteger pending = new AtomicInteger();
        final AtomicInteger resumedElsewhere = new AtomicInteger();

        static Batch lookUp(HttpCache cache, CacheRequest request, int count) throws InterruptedException {
            Batch batch = new Batch();
            CountDownLatch looked = new CountDownLatch(count);
            for (int i = 0; i < count; i++) {
                EventLoop loop = LOOPS.next();
                loop.execute(() -> {
                    CacheLookup lookup = cache.lookup(request, loop, late -> {
                        if (!loop.inEventLoop()) {
                            batch.resumedElsewhere.incrementAndGet();
                        }
                        batch.resumed.add(late);
                    });
                    if (lookup instanceof Forward forward) {
                        batch.leaders.add(forward);
                    } else if (lookup == CacheLookup.Pending.INSTANCE) {
                        batch.pending.incrementAndGet();
                    } else {
                        batch.immediate.add(lookup);
                    }
                    looked.countDown();
                });
            }
            assertThat(looked.await(30, TimeUnit.SECONDS)).isTrue();
            return batch;
        }

        void awaitResumed(int count) {
            await().atMost(Duration.ofSeconds(30)).until(() -> resumed.size() == count);
            assertThat(resumedElsewhere).hasValue(0);
        }
    }

    @Test
    void aThousandConcurrentMissesForOneColdKeyMakeOneUpstreamRequest() throws InterruptedException {
        HttpCache cache = HttpCache.builder().coalescingTimeout(Duration.ofSeconds(60)).build();
        Batch batch = Batch.lookUp(cache, get("/cold"), 1000);
        assertThat(batch.leaders).hasSize(1);
        assertThat(batch.pending).hasValue(999);
        await().atMost(Duration.ofSeconds(10)).until(() -> cache.waiting("https://example.com/cold") == 999);

        assertThat(answer(batch.leaders.peek(), 200, "hello", "Cache-Control", "max-age=60")).isNull();

        batch.awaitResumed(999);
        assertThat(batch.resumed).allSatisfy(lookup -> {
            assertThat(lookup).isInstanceOf(CacheLookup.Hit.class);
            assertThat(text(((CacheLookup.Hit) lookup).body())).isEqualTo("hello");
        });
        CacheStats stats = cache.stats();
        assertThat(stats.misses()).isEqualTo(1);
        assertThat(stats.coalesced()).isEqualTo(999);
        assertThat(stats.hits()).isEqualTo(999);
        assertThat(stats.stored()).isEqualTo(1);
    }

    @Test
    void theWaitingRequestsAreAnsweredEvenWhenMemoryCannotKeepTheResponse() throws InterruptedException {
        HttpCache cache = HttpCache.builder().maxMemoryBytes(2500).maxObjectBytes(2500)
                .coalescingTimeout(Duration.ofSeconds(60)).build();
        Batch batch = Batch.lookUp(cache, get("/big"), 100);
        answer(batch.leaders.peek(), 200, "x".repeat(2400), "Cache-Control", "max-age=60");
        batch.awaitResumed(99);
        assertThat(batch.resumed).allSatisfy(lookup -> assertThat(lookup).isInstanceOf(CacheLookup.Hit.class));
        assertThat(cache.stats().memoryEntries()).isZero();
    }

    @Test
    void anUnstorableResponseSendsTheWaitingRequestsUpstreamEachAndTheNextMissesAreNotCoalesced()
            throws InterruptedException {
        HttpCache cache = HttpCache.builder().coalescingTimeout(Duration.ofSeconds(60)).build();
        Batch batch = Batch.lookUp(cache, get("/account"), 20);
        assertThat(batch.leaders).hasSize(1);
        answer(batch.leaders.peek(), 200, "mine", "Cache-Control", "private");

        batch.awaitResumed(19);
        assertThat(batch.resumed).allSatisfy(lookup -> assertThat(lookup).isInstanceOf(Forward.class));

        Batch next = Batch.lookUp(cache, get("/account"), 20);
        assertThat(next.leaders).hasSize(20);
        assertThat(next.pending).hasValue(0);
    }

    @Test
    void aFailedRevalidationSharesStaleContentWithTheWaitingRequests() throws InterruptedException {
        TestClock clock = new TestClock();
        HttpCache cache = HttpCache.builder().clock(clock).coalescingTimeout(Duration.ofSeconds(60)).build();
        fetch(cache, LOOPS.next(), get("/page"), "good", "Cache-Control", "max-age=60, stale-if-error=600", "ETag", "\"1\"");
        clock.advance(Duration.ofSeconds(120));

        Batch batch = Batch.lookUp(cache, get("/page"), 50);
        assertThat(batch.leaders).hasSize(1);
        CacheLookup.Hit leaderAnswer = batch.leaders.peek().failed();
        assertThat(leaderAnswer.status()).isEqualTo(CacheStatus.STALE);

        batch.awaitResumed(49);
        assertThat(batch.resumed).allSatisfy(lookup -> {
            assertThat(lookup).isInstanceOf(CacheLookup.Hit.class);
            assertThat(((CacheLookup.Hit) lookup).status()).isEqualTo(CacheStatus.STALE);
        });
        assertThat(cache.stats().stale()).isEqualTo(50);
    }

    @Test
    void aFailedMissSendsTheWaitingRequestsUpstreamEach() throws InterruptedException {
        HttpCache cache = HttpCache.builder().coalescingTimeout(Duration.ofSeconds(60)).build();
        Batch batch = Batch.lookUp(cache, get("/new"), 30);
        assertThat(batch.leaders.peek().response(503, "Service Unavailable", Fields.headers())).isNull();
        batch.awaitResumed(29);
        assertThat(batch.resumed).allSatisfy(lookup -> assertThat(lookup).isInstanceOf(Forward.class));
    }

    @Test
    void aLeaderThatNeverEndsIsGivenUpAfterTheCoalescingTimeout() throws InterruptedException {
        HttpCache cache = HttpCache.builder().coalescingTimeout(Duration.ofMillis(300)).build();
        Batch batch = Batch.lookUp(cache, get("/slow"), 10);
        assertThat(batch.leaders).hasSize(1);
        batch.awaitResumed(9);
        assertThat(batch.resumed).allSatisfy(lookup -> assertThat(lookup).isInstanceOf(Forward.class));

        answer(batch.leaders.peek(), 200, "late", "Cache-Control", "max-age=60");
        Batch after = Batch.lookUp(cache, get("/slow"), 5);
        assertThat(after.immediate).hasSize(5).allSatisfy(lookup -> assertThat(lookup).isInstanceOf(CacheLookup.Hit.class));
    }

    @Test
    void requestsForDifferentVariantsDoNotWaitForEachOther() throws InterruptedException {
        TestClock clock = new TestClock();
        HttpCache cache = HttpCache.builder().clock(clock).coalescingTimeout(Duration.ofSeconds(60)).build();
        fetch(cache, LOOPS.next(), get("/app.js", "Accept-Encoding", "gzip"), "gz", "Cache-Control", "max-age=60",
                "Vary", "Accept-Encoding");

        Batch brotli = Batch.lookUp(cache, get("/app.js", "Accept-Encoding", "br"), 10);
        Batch plain = Batch.lookUp(cache, get("/app.js"), 10);
        Batch gzip = Batch.lookUp(cache, get("/app.js", "Accept-Encoding", "gzip"), 10);
        assertThat(List.of(brotli.leaders.size(), plain.leaders.size(), gzip.leaders.size())).containsExactly(1, 1, 0);
        assertThat(gzip.immediate).hasSize(10);

        answer(brotli.leaders.peek(), 200, "br", "Cache-Control", "max-age=60", "Vary", "Accept-Encoding");
        brotli.awaitResumed(9);
        assertThat(brotli.resumed).allSatisfy(lookup -> assertThat(text(((CacheLookup.Hit) lookup).body())).isEqualTo("br"));
        assertThat(plain.resumed).isEmpty();
        plain.leaders.peek().abort();
        plain.awaitResumed(9);
    }
}

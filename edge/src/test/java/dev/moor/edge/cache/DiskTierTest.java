package dev.moor.edge.cache;

import io.netty.channel.DefaultEventLoop;
import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.moor.edge.cache.Fields.date;
import static dev.moor.edge.cache.Fields.headers;
import static dev.moor.edge.cache.Http.fetch;
import static dev.moor.edge.cache.Http.forward;
import static dev.moor.edge.cache.Http.get;
import static dev.moor.edge.cache.Http.hit;
import static dev.moor.edge.cache.Http.request;
import static dev.moor.edge.cache.Http.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The disk tier: written off the loop, read back on a memory miss, bounded, and there after a restart. */
class DiskTierTest {
    private static final DefaultEventLoop LOOP = new DefaultEventLoop();

    @TempDir
    Path directory;
    private final TestClock clock = new TestClock();

    @AfterAll
    static void stopLoop() {
        LOOP.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private HttpCache open(long maxMemoryBytes, long maxDiskBytes) {
        return HttpCache.builder().clock(clock).maxMemoryBytes(maxMemoryBytes).maxObjectBytes(Math.min(3000, maxMemoryBytes))
                .disk(directory, maxDiskBytes).build();
    }

    private HttpCache open() {
        return open(1 << 20, 1 << 20);
    }

    /** The lookup of a URI the disk holds and memory does not: it waits for the read, then resumes on the loop. */
    private static CacheLookup fromDisk(HttpCache cache, CacheRequest request) {
        Queue<CacheLookup> resumed = new ConcurrentLinkedQueue<>();
        CacheLookup[] first = new CacheLookup[1];
        LOOP.submit(() -> first[0] = cache.lookup(request, LOOP, late -> {
            assertThat(LOOP.inEventLoop()).isTrue();
            resumed.add(late);
        })).syncUninterruptibly();
        assertThat(first[0]).isSameAs(CacheLookup.Pending.INSTANCE);
        await().atMost(Duration.ofSeconds(10)).until(() -> !resumed.isEmpty());
        return resumed.peek();
    }

    private long files() throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void whatWasStoredIsServedAgainAfterARestart() {
        HttpCache before = open();
        fetch(before, LOOP, get("/page", "Accept-Encoding", "gzip"), "a page", "Content-Type", "text/html",
                "Cache-Control", "max-age=600", "Date", date(clock.millis()), "ETag", "\"1\"", "Vary", "Accept-Encoding");
        await().atMost(Duration.ofSeconds(10)).until(() -> before.stats().diskEntries() == 1);
        before.close();

        clock.advance(Duration.ofSeconds(100));
        HttpCache after = open();
        assertThat(after.stats().diskEntries()).isEqualTo(1);
        CacheLookup lookup = fromDisk(after, get("/page", "Accept-Encoding", "GZIP;q=1.0"));
        assertThat(lookup).isInstanceOf(CacheLookup.Hit.class);
        CacheLookup.Hit hit = (CacheLookup.Hit) lookup;
        assertThat(hit.status()).isEqualTo(CacheStatus.HIT);
        assertThat(hit.ageSeconds()).isEqualTo(100);
        assertThat(text(hit.body())).isEqualTo("a page");
        assertThat(hit.response().etag()).isEqualTo("\"1\"");
        assertThat(hit.response().headers()).extracting(Header::name)
                .containsExactly("Content-Type", "Cache-Control", "Date", "ETag", "Vary");
        assertThat(Http.hit(after, get("/page", "Accept-Encoding", "gzip"), LOOP).status()).isEqualTo(CacheStatus.HIT);
        assertThat(Http.now(after, get("/page", "Accept-Encoding", "br"), LOOP)).isInstanceOf(Forward.class);
        after.close();
    }

    @Test
    void aRestartedEdgeServesStalePagesThroughAnOutageOfTheUpstream() {
        CacheRequest home = get("/").withStaleOnError(Duration.ofDays(1));
        HttpCache before = open();
        fetch(before, LOOP, home, "home page", "Cache-Control", "max-age=60");
        await().atMost(Duration.ofSeconds(10)).until(() -> before.stats().diskEntries() == 1);
        before.close();

        clock.advance(Duration.ofHours(2));
        HttpCache after = open();
        CacheLookup lookup = fromDisk(after, home);
        assertThat(lookup).isInstanceOf(Forward.class);
        CacheLookup.Hit stale = ((Forward) lookup).failed();
        assertThat(stale.status()).isEqualTo(CacheStatus.STALE);
        assertThat(text(stale.body())).isEqualTo("home page");
        after.close();
    }

    @Test
    void concurrentLookupsOfAFileReadItOnce() throws InterruptedException {
        HttpCache before = open();
        fetch(before, LOOP, get("/page"), "a page", "Cache-Control", "max-age=600");
        await().atMost(Duration.ofSeconds(10)).until(() -> before.stats().diskEntries() == 1);
        before.close();

        HttpCache after = open();
        Queue<CacheLookup> answers = new ConcurrentLinkedQueue<>();
        LOOP.submit(() -> {
            for (int i = 0; i < 100; i++) {
                CacheLookup lookup = after.lookup(get("/page"), LOOP, answers::add);
                if (lookup != CacheLookup.Pending.INSTANCE) {
                    answers.add(lookup);
                }
            }
        }).sync();
        await().atMost(Duration.ofSeconds(10)).until(() -> answers.size() == 100);
        assertThat(answers).allSatisfy(lookup -> assertThat(lookup).isInstanceOf(CacheLookup.Hit.class));
        CacheStats stats = after.stats();
        assertThat(stats.diskReads()).isEqualTo(1);
        assertThat(stats.misses()).isZero();
        assertThat(stats.memoryEntries()).isEqualTo(1);
        after.close();
    }

    @Test
    void aMemoryMissIsReadBackFromDiskEvenWhenMemoryCannotKeepIt() {
        HttpCache cache = open(2500, 1 << 20);
        fetch(cache, LOOP, get("/big"), "x".repeat(2400), "Cache-Control", "max-age=600");
        await().atMost(Duration.ofSeconds(10)).until(() -> cache.stats().diskEntries() == 1);
        assertThat(cache.stats().memoryEntries()).isZero();
        for (int i = 0; i < 2; i++) {
            CacheLookup lookup = fromDisk(cache, get("/big"));
            assertThat(text(((CacheLookup.Hit) lookup).body())).isEqualTo("x".repeat(2400));
        }
        cache.close();
    }

    @Test
    void theDiskStaysWithinItsBoundEvictingTheLeastRecentlyUsed() throws IOException {
        HttpCache cache = open(2500, 7000);
        for (int i = 1; i <= 3; i++) {
            fetch(cache, LOOP, get("/" + i), "x".repeat(2000), "Cache-Control", "max-age=600");
            int stored = i;
            await().atMost(Duration.ofSeconds(10)).until(() -> cache.stats().diskEntries() == stored);
        }
        assertThat(fromDisk(cache, get("/1"))).isInstanceOf(CacheLookup.Hit.class);
        fetch(cache, LOOP, get("/4"), "x".repeat(2000), "Cache-Control", "max-age=600");
        await().atMost(Duration.ofSeconds(10)).until(() -> cache.stats().diskEvicted() == 1);

        CacheStats stats = cache.stats();
        assertThat(stats.diskEntries()).isEqualTo(3);
        assertThat(stats.diskBytes()).isLessThanOrEqualTo(7000);
        await().atMost(Duration.ofSeconds(10)).until(() -> files() == 3);
        assertThat(Http.now(cache, get("/2"), LOOP)).isInstanceOf(Forward.class);
        assertThat(fromDisk(cache, get("/3"))).isInstanceOf(CacheLookup.Hit.class);
        cache.close();
    }

    @Test
    void purgedAndInvalidatedEntriesStayGoneAfterARestart() throws IOException {
        HttpCache before = open();
        for (String target : new String[] {"/assets/a.js", "/assets/b.js", "/cart", "/about"}) {
            fetch(before, LOOP, get(target), "body", "Cache-Control", "max-age=600");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> before.stats().diskEntries() == 4);
        assertThat(before.purge(new CachePurge(Set.of(), Optional.empty(), Optional.of("example.com"), "/assets/"))).isEqualTo(2);
        forward(before, request(HttpMethod.POST, "/cart"), LOOP).response(200, "OK", headers());
        assertThat(before.stats().diskEntries()).isEqualTo(1);
        before.close();
        assertThat(files()).isEqualTo(1);

        HttpCache after = open();
        assertThat(after.stats().diskEntries()).isEqualTo(1);
        assertThat(Http.now(after, get("/assets/a.js"), LOOP)).isInstanceOf(Forward.class);
        assertThat(fromDisk(after, get("/about"))).isInstanceOf(CacheLookup.Hit.class);
        assertThat(after.purge(CachePurge.ALL)).isEqualTo(1);
        after.close();
        assertThat(files()).isZero();
    }

    @Test
    void damagedAndTemporaryFilesAreRemovedAtStart() throws IOException {
        Path shard = Files.createDirectories(directory.resolve("ab"));
        Files.writeString(shard.resolve("ab12"), "not a cache file");
        Files.writeString(shard.resolve(".tmp-ab34"), "half written");
        HttpCache cache = open();
        assertThat(cache.stats().diskEntries()).isZero();
        assertThat(files()).isZero();
        cache.close();
    }

    @Test
    void aFileThatVanishedIsAMiss() throws IOException {
        HttpCache before = open();
        fetch(before, LOOP, get("/page"), "a page", "Cache-Control", "max-age=600");
        await().atMost(Duration.ofSeconds(10)).until(() -> before.stats().diskEntries() == 1);
        before.close();

        HttpCache after = open();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.delete(file);
            }
        }
        assertThat(fromDisk(after, get("/page"))).isInstanceOf(Forward.class);
        assertThat(after.stats().diskEntries()).isZero();
        after.close();
    }

    @Test
    void aDirectoryThatCannotBeCreatedIsReportedAtBuild() throws IOException {
        Path file = Files.writeString(directory.resolve("file"), "x");
        assertThatThrownBy(() -> HttpCache.builder().maxObjectBytes(1000).disk(file.resolve("cache"), 1 << 20).build())
                .hasMessageStartingWith("disk: " + file.resolve("cache") + ": ");
    }
}

package dev.moor.edge.cache;

import io.netty.channel.DefaultEventLoop;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http2.Http2Headers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.moor.edge.cache.Fields.date;
import static dev.moor.edge.cache.Fields.headers;
import static dev.moor.edge.cache.Http.answer;
import static dev.moor.edge.cache.Http.fetch;
import static dev.moor.edge.cache.Http.forward;
import static dev.moor.edge.cache.Http.get;
import static dev.moor.edge.cache.Http.hit;
import static dev.moor.edge.cache.Http.lines;
import static dev.moor.edge.cache.Http.now;
import static dev.moor.edge.cache.Http.request;
import static dev.moor.edge.cache.Http.text;
import static org.assertj.core.api.Assertions.assertThat;

class HttpCacheTest {
    private static final DefaultEventLoop LOOP = new DefaultEventLoop();

    private final TestClock clock = new TestClock();
    private final HttpCache cache = HttpCache.builder().clock(clock).build();

    @AfterAll
    static void stopLoop() {
        LOOP.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Test
    void aMissIsStoredAndTheNextRequestIsAHitWithItsAge() {
        Forward miss = forward(cache, get("/page"), LOOP);
        assertThat(answer(miss, 200, "hello", "Content-Type", "text/plain", "Cache-Control", "max-age=60",
                "Date", date(clock.millis()))).isNull();

        clock.advance(Duration.ofSeconds(10));
        CacheLookup.Hit hit = hit(cache, get("/page"), LOOP);
        assertThat(hit.status()).isEqualTo(CacheStatus.HIT);
        assertThat(hit.ageSeconds()).isEqualTo(10);
        assertThat(hit.notModified()).isFalse();
        assertThat(hit.revalidation()).isNull();
        assertThat(lines(hit.http1Head())).containsExactly("HTTP/1.1 200 OK", "Content-Type: text/plain",
                "Cache-Control: max-age=60", "Date: " + date(clock.millis() - 10_000), "content-length: 5");
        assertThat(text(hit.body())).isEqualTo("hello");

        CacheStats stats = cache.stats();
        assertThat(stats.misses()).isEqualTo(1);
        assertThat(stats.hits()).isEqualTo(1);
        assertThat(stats.stored()).isEqualTo(1);
        assertThat(stats.servedBytes()).isEqualTo(5);
        assertThat(stats.memoryEntries()).isEqualTo(1);
        assertThat(stats.memoryBytes()).isGreaterThan(5);
    }

    @Test
    void theHeadAndBodyOfAHitAreReadOnlyViewsThatNeedNoRelease() {
        fetch(cache, LOOP, get("/page"), "hello", "Cache-Control", "max-age=60");
        CacheLookup.Hit hit = hit(cache, get("/page"), LOOP);
        assertThat(hit.body().isReadOnly()).isTrue();
        assertThat(hit.http1Head().isReadOnly()).isTrue();
        hit.body().release();
        assertThat(text(hit(cache, get("/page"), LOOP).body())).isEqualTo("hello");
    }

    @Test
    void anHttp2HitHasLowerCaseNamesContentLengthAndAge() {
        fetch(cache, LOOP, get("/page"), "hello", "Content-Type", "text/plain", "Cache-Control", "max-age=60",
                "X-Custom", "A");
        clock.advance(Duration.ofSeconds(3));
        Http2Headers block = hit(cache, get("/page"), LOOP).http2Headers();
        assertThat(block.status().toString()).isEqualTo("200");
        assertThat(block.get("content-type").toString()).isEqualTo("text/plain");
        assertThat(block.get("x-custom").toString()).isEqualTo("A");
        assertThat(block.get("content-length").toString()).isEqualTo("5");
        assertThat(block.get("age").toString()).isEqualTo("3");
    }

    @Test
    void headIsAnsweredFromTheGetResponseButAHeadMissStoresNothing() {
        Forward headMiss = forward(cache, request(HttpMethod.HEAD, "/page"), LOOP);
        answer(headMiss, 200, "", "Cache-Control", "max-age=60", "Content-Length", "5");
        forward(cache, get("/page"), LOOP).abort();

        fetch(cache, LOOP, get("/page"), "hello", "Cache-Control", "max-age=60");
        CacheLookup.Hit head = hit(cache, request(HttpMethod.HEAD, "/page"), LOOP);
        assertThat(lines(head.http1Head())).contains("content-length: 5");
        assertThat(cache.stats().servedBytes()).isZero();
    }

    @Test
    void spellingsOfOneUriShareAnEntry() {
        fetch(cache, LOOP, get("/%7Euser/page"), "hello", "Cache-Control", "max-age=60");
        CacheRequest other = CacheRequest.of(HttpMethod.GET, "HTTPS", "Example.com:443", "https://example.com/~user/page",
                headers());
        assertThat(hit(cache, other, LOOP).status()).isEqualTo(CacheStatus.HIT);
    }

    @Test
    void varyKeepsAVariantPerNormalisedRequestValue() {
        fetch(cache, LOOP, get("/app.js", "Accept-Encoding", "gzip, deflate, br"), "compressed",
                "Cache-Control", "max-age=60", "Vary", "Accept-Encoding", "Content-Encoding", "br");
        forward(cache, get("/app.js", "Accept-Encoding", "gzip"), LOOP).abort();
        forward(cache, get("/app.js"), LOOP).abort();

        assertThat(text(hit(cache, get("/app.js", "Accept-Encoding", "br;q=1, gzip;q=0.8, deflate, identity"), LOOP).body()))
                .isEqualTo("compressed");

        fetch(cache, LOOP, get("/app.js"), "plain", "Cache-Control", "max-age=60", "Vary", "Accept-Encoding");
        assertThat(text(hit(cache, get("/app.js"), LOOP).body())).isEqualTo("plain");
        assertThat(text(hit(cache, get("/app.js", "Accept-Encoding", "deflate,gzip,br"), LOOP).body()))
                .isEqualTo("compressed");
        assertThat(cache.stats().memoryEntries()).isEqualTo(1);
    }

    @Test
    void aResponseToAnAuthorizedRequestIsStoredAndUsedForOneOnlyWhenExplicitlyShared() {
        fetch(cache, LOOP, get("/private", "Authorization", "Bearer a"), "mine", "Cache-Control", "max-age=60");
        assertThat(now(cache, get("/private", "Authorization", "Bearer a"), LOOP)).isInstanceOf(Forward.class);

        fetch(cache, LOOP, get("/open"), "anyone's", "Cache-Control", "max-age=60");
        assertThat(now(cache, get("/open", "Authorization", "Bearer a"), LOOP)).isInstanceOf(Forward.class);

        fetch(cache, LOOP, get("/shared", "Authorization", "Bearer a"), "shared", "Cache-Control", "public, max-age=60");
        assertThat(text(hit(cache, get("/shared", "Authorization", "Bearer b"), LOOP).body())).isEqualTo("shared");
        assertThat(text(hit(cache, get("/shared"), LOOP).body())).isEqualTo("shared");
    }

    @Test
    void aSharedResponseIsStoredWithoutItsSetCookie() {
        Forward miss = forward(cache, get("/home"), LOOP);
        answer(miss, 200, "home", "Set-Cookie", "session=abc", "Cache-Control", "public, max-age=60");
        CacheLookup.Hit hit = hit(cache, get("/home"), LOOP);
        assertThat(hit.response().headers()).extracting(Header::name).doesNotContain("Set-Cookie");
        assertThat(text(hit.http1Head())).doesNotContainIgnoringCase("session=abc");
    }

    @Test
    void hopByHopFramingAgeAndQualifiedNoCacheFieldsAreNotStored() {
        fetch(cache, LOOP, get("/page"), "hello", "Connection", "X-Hop", "X-Hop", "1", "Keep-Alive", "timeout=5",
                "Age", "2", "X-Request-Id", "upstream", "Cache-Control", "max-age=60, no-cache=\"X-Secret\"",
                "X-Secret", "s", "X-Kept", "k");
        assertThat(hit(cache, get("/page"), LOOP).response().headers()).extracting(Header::name)
                .containsExactly("Cache-Control", "X-Kept");
    }

    @Test
    void unstorableResponsesAreNotStored() {
        for (String directives : new String[] {"private, max-age=60", "no-store", "max-age=60"}) {
            String target = "/x" + directives.hashCode();
            CacheRequest request = directives.equals("max-age=60") ? get(target, "Cache-Control", "no-store") : get(target);
            Forward miss = forward(cache, request, LOOP);
            answer(miss, 200, "body", "Cache-Control", directives);
            assertThat(now(cache, get(target), LOOP)).as(directives).isInstanceOf(Forward.class);
        }
        assertThat(cache.stats().stored()).isZero();
    }

    @Test
    void aResponseNeitherFreshNorRevalidatableIsNotStoredUnlessTheRouteServesStaleOnError() {
        fetch(cache, LOOP, get("/dynamic"), "now");
        assertThat(cache.stats().stored()).isZero();

        CacheRequest outage = get("/dynamic").withStaleOnError(Duration.ofHours(1));
        fetch(cache, LOOP, outage, "now");
        assertThat(cache.stats().stored()).isEqualTo(1);
        assertThat(now(cache, get("/dynamic"), LOOP)).isInstanceOf(Forward.class);
    }

    @Test
    void aResponseLargerThanTheMaximumObjectSizeIsNotStored() {
        HttpCache small = HttpCache.builder().clock(clock).maxObjectBytes(10).build();
        fetch(small, LOOP, get("/big"), "01234567890", "Cache-Control", "max-age=60");
        Forward chunked = forward(small, get("/chunked"), LOOP);
        chunked.response(200, "OK", headers("Cache-Control", "max-age=60"));
        chunked.body(io.netty.buffer.Unpooled.wrappedBuffer(new byte[6]));
        chunked.body(io.netty.buffer.Unpooled.wrappedBuffer(new byte[6]));
        chunked.end();
        fetch(small, LOOP, get("/fits"), "0123456789", "Cache-Control", "max-age=60");
        assertThat(small.stats().stored()).isEqualTo(1);
        assertThat(text(hit(small, get("/fits"), LOOP).body())).isEqualTo("0123456789");
    }

    @Test
    void aTruncatedBodyIsNotStored() {
        Forward miss = forward(cache, get("/cut"), LOOP);
        miss.response(200, "OK", headers("Cache-Control", "max-age=60", "Content-Length", "10"));
        miss.body(io.netty.buffer.Unpooled.wrappedBuffer(new byte[4]));
        miss.end();
        Forward broken = forward(cache, get("/cut"), LOOP);
        broken.response(200, "OK", headers("Cache-Control", "max-age=60"));
        broken.abort();
        assertThat(cache.stats().stored()).isZero();
    }

    @Test
    void aChunkedResponseIsStoredWithItsLength() {
        Forward miss = forward(cache, get("/chunked"), LOOP);
        miss.response(200, "OK", headers("Cache-Control", "max-age=60"));
        byte[] body = new byte[20_000];
        java.util.Arrays.fill(body, (byte) 'x');
        miss.body(io.netty.buffer.Unpooled.wrappedBuffer(body, 0, 15_000));
        miss.body(io.netty.buffer.Unpooled.wrappedBuffer(body, 15_000, 5_000));
        miss.end();
        assertThat(lines(hit(cache, get("/chunked"), LOOP).http1Head())).contains("content-length: 20000");
    }

    @Test
    void a204IsStoredWithoutContentLength() {
        Forward miss = forward(cache, get("/empty"), LOOP);
        answer(miss, 204, "", "Cache-Control", "max-age=60");
        assertThat(lines(hit(cache, get("/empty"), LOOP).http1Head()))
                .containsExactly("HTTP/1.1 204 Status", "Cache-Control: max-age=60");
    }

    @Test
    void requestsTheCacheNeverAnswersPassThroughUntouched() {
        fetch(cache, LOOP, get("/page"), "hello", "Cache-Control", "max-age=60");
        for (CacheRequest request : new CacheRequest[] {
                get("/page", "Range", "bytes=0-1"), get("/page", "If-Match", "\"a\""),
                request(HttpMethod.OPTIONS, "/page")}) {
            Forward pass = forward(cache, request, LOOP);
            HttpHeaders upstream = request.headers().copy().add("If-None-Match", "\"client\"");
            pass.prepare(upstream);
            assertThat(upstream.get("If-None-Match")).isEqualTo("\"client\"");
        }
        assertThat(cache.stats().misses()).isEqualTo(1);
    }

    @Test
    void onlyIfCachedAnswersFromTheCacheOr504() {
        assertThat(now(cache, get("/page", "Cache-Control", "only-if-cached"), LOOP)).isSameAs(CacheLookup.NotCached.INSTANCE);
        fetch(cache, LOOP, get("/page"), "hello", "Cache-Control", "max-age=60");
        assertThat(hit(cache, get("/page", "Cache-Control", "only-if-cached"), LOOP).status()).isEqualTo(CacheStatus.HIT);
        clock.advance(Duration.ofSeconds(61));
        assertThat(now(cache, get("/page", "Cache-Control", "only-if-cached"), LOOP)).isSameAs(CacheLookup.NotCached.INSTANCE);
        assertThat(hit(cache, get("/page", "Cache-Control", "only-if-cached, max-stale=5"), LOOP).status())
                .isEqualTo(CacheStatus.STALE);
    }

    @Test
    void staleWhileRevalidateServesStaleAndStartsOneBackgroundRevalidation() {
        fetch(cache, LOOP, get("/news"), "old", "Cache-Control", "max-age=60, stale-while-revalidate=600", "ETag", "\"1\"");
        clock.advance(Duration.ofSeconds(120));

        CacheLookup.Hit first = hit(cache, get("/news"), LOOP);
        assertThat(first.status()).isEqualTo(CacheStatus.STALE);
        assertThat(text(first.body())).isEqualTo("old");
        Forward revalidation = first.revalidation();
        assertThat(revalidation).isNotNull();
        assertThat(revalidation.background()).isTrue();
        CacheLookup.Hit second = hit(cache, get("/news"), LOOP);
        assertThat(second.status()).isEqualTo(CacheStatus.STALE);
        assertThat(second.revalidation()).isNull();

        HttpHeaders upstream = headers();
        revalidation.prepare(upstream);
        assertThat(upstream.get("If-None-Match")).isEqualTo("\"1\"");
        assertThat(answer(revalidation, 200, "new", "Cache-Control", "max-age=60, stale-while-revalidate=600",
                "ETag", "\"2\"")).isNull();

        CacheLookup.Hit fresh = hit(cache, get("/news"), LOOP);
        assertThat(fresh.status()).isEqualTo(CacheStatus.HIT);
        assertThat(text(fresh.body())).isEqualTo("new");
        assertThat(cache.stats().stale()).isEqualTo(2);
    }

    @Test
    void staleIfErrorAnswersA5xxOrNoResponseWithinItsWindow() {
        fetch(cache, LOOP, get("/page"), "good", "Cache-Control", "max-age=60, stale-if-error=300", "ETag", "\"1\"");
        clock.advance(Duration.ofSeconds(100));

        Forward revalidation = forward(cache, get("/page"), LOOP);
        assertThat(revalidation.validating()).isNotNull();
        CacheLookup.Hit instead = revalidation.response(503, "Service Unavailable", headers("Content-Length", "0"));
        assertThat(instead.status()).isEqualTo(CacheStatus.STALE);
        assertThat(text(instead.body())).isEqualTo("good");

        CacheLookup.Hit afterNoResponse = forward(cache, get("/page"), LOOP).failed();
        assertThat(afterNoResponse.status()).isEqualTo(CacheStatus.STALE);

        clock.advance(Duration.ofSeconds(300));
        assertThat(forward(cache, get("/page"), LOOP).failed()).isNull();
    }

    @Test
    void theRoutesAllowanceServesStaleWhenEveryReplicaIsDown() {
        CacheRequest outage = get("/home").withStaleOnError(Duration.ofHours(1));
        fetch(cache, LOOP, outage, "home page", "Cache-Control", "max-age=10");
        clock.advance(Duration.ofMinutes(30));
        CacheLookup.Hit served = forward(cache, outage, LOOP).failed();
        assertThat(served.status()).isEqualTo(CacheStatus.STALE);
        assertThat(text(served.body())).isEqualTo("home page");
        assertThat(served.ageSeconds()).isEqualTo(1800);
        assertThat(forward(cache, get("/home"), LOOP).failed()).isNull();
    }

    @Test
    void anUpstreamAgeCountsAndAgeNeverGoesBackWithTheClock() {
        fetch(cache, LOOP, get("/page"), "hello", "Cache-Control", "max-age=60", "Age", "20",
                "Date", date(clock.millis()));
        assertThat(hit(cache, get("/page"), LOOP).ageSeconds()).isEqualTo(20);
        clock.advance(Duration.ofSeconds(-30));
        assertThat(hit(cache, get("/page"), LOOP).ageSeconds()).isEqualTo(20);
        clock.advance(Duration.ofSeconds(70));
        assertThat(now(cache, get("/page"), LOOP)).isInstanceOf(Forward.class);
    }

    @Test
    void memoryStaysWithinItsBoundAndCountsEvictions() {
        HttpCache small = HttpCache.builder().clock(clock).maxMemoryBytes(20_000).maxObjectBytes(4_000).build();
        String body = "x".repeat(3_000);
        for (int i = 0; i < 40; i++) {
            fetch(small, LOOP, get("/item/" + i), body, "Cache-Control", "max-age=600");
            assertThat(small.stats().memoryBytes()).isLessThanOrEqualTo(20_000);
        }
        CacheStats stats = small.stats();
        assertThat(stats.stored()).isEqualTo(40);
        assertThat(stats.evicted()).isGreaterThanOrEqualTo(40 - 20_000 / 3_000);
        assertThat(stats.memoryEntries()).isLessThanOrEqualTo(20_000 / 3_000);
    }
}

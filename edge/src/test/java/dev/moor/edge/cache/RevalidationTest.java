package dev.moor.edge.cache;

import io.netty.channel.DefaultEventLoop;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static dev.moor.edge.cache.Fields.date;
import static dev.moor.edge.cache.Fields.headers;
import static dev.moor.edge.cache.Http.answer;
import static dev.moor.edge.cache.Http.fetch;
import static dev.moor.edge.cache.Http.forward;
import static dev.moor.edge.cache.Http.get;
import static dev.moor.edge.cache.Http.hit;
import static dev.moor.edge.cache.Http.lines;
import static dev.moor.edge.cache.Http.request;
import static dev.moor.edge.cache.Http.text;
import static org.assertj.core.api.Assertions.assertThat;

/** Conditional requests: the cache's own upstream (RFC 9111 §4.3.1, §4.3.4) and its clients' (§4.3.2). */
class RevalidationTest {
    private static final DefaultEventLoop LOOP = new DefaultEventLoop();

    private final TestClock clock = new TestClock();
    private final HttpCache cache = HttpCache.builder().clock(clock).build();
    private final long stored = clock.millis();
    private final String lastModified = date(stored - 3_600_000);

    @AfterAll
    static void stopLoop() {
        LOOP.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private void storePage() {
        fetch(cache, LOOP, get("/page"), "page body", "Content-Type", "text/html", "Content-Encoding", "gzip",
                "Cache-Control", "max-age=60", "ETag", "W/\"v1\"", "Last-Modified", lastModified,
                "Date", date(stored), "X-Version", "1");
    }

    @Test
    void aStaleResponseIsRevalidatedWithItsValidatorsInsteadOfTheClients() {
        storePage();
        clock.advance(Duration.ofSeconds(61));
        CacheRequest request = get("/page", "If-None-Match", "\"client\"", "If-Modified-Since", date(0));
        Forward revalidation = forward(cache, request, LOOP);
        HttpHeaders upstream = request.headers().copy();
        revalidation.prepare(upstream);
        assertThat(upstream.getAll("If-None-Match")).containsExactly("W/\"v1\"");
        assertThat(upstream.getAll("If-Modified-Since")).containsExactly(lastModified);
        revalidation.abort();
    }

    @Test
    void aMissAsksForTheWholeResponseThoughTheClientAskedConditionally() {
        CacheRequest request = get("/page", "If-None-Match", "\"client\"", "If-Modified-Since", date(0));
        Forward miss = forward(cache, request, LOOP);
        HttpHeaders upstream = request.headers().copy();
        miss.prepare(upstream);
        assertThat(upstream.contains("If-None-Match")).isFalse();
        assertThat(upstream.contains("If-Modified-Since")).isFalse();
        miss.abort();
    }

    @Test
    void a304UpdatesTheStoredHeadersKeepsTheBodyAndAnswersFromIt() {
        storePage();
        clock.advance(Duration.ofSeconds(61));
        Forward revalidation = forward(cache, get("/page"), LOOP);
        CacheLookup.Hit instead = answer(revalidation, 304, "", "Cache-Control", "max-age=120", "ETag", "W/\"v1\"",
                "Date", date(clock.millis()), "X-Version", "2", "X-New", "n", "Content-Length", "0",
                "Content-Encoding", "identity");
        assertThat(instead.status()).isEqualTo(CacheStatus.REVALIDATED);
        assertThat(instead.notModified()).isFalse();
        assertThat(instead.ageSeconds()).isZero();
        assertThat(text(instead.body())).isEqualTo("page body");
        assertThat(lines(instead.http1Head())).containsExactly("HTTP/1.1 200 OK", "Content-Type: text/html",
                "Content-Encoding: gzip", "Cache-Control: max-age=120", "ETag: W/\"v1\"", "Last-Modified: " + lastModified,
                "Date: " + date(clock.millis()), "X-Version: 2", "X-New: n", "content-length: 9");

        clock.advance(Duration.ofSeconds(100));
        CacheLookup.Hit later = hit(cache, get("/page"), LOOP);
        assertThat(later.status()).isEqualTo(CacheStatus.HIT);
        assertThat(later.ageSeconds()).isEqualTo(100);
        assertThat(cache.stats().revalidated()).isEqualTo(1);
    }

    @Test
    void a304ForAnotherRepresentationUpdatesNothingButTheClientStillGetsTheContent() {
        storePage();
        clock.advance(Duration.ofSeconds(61));
        Forward revalidation = forward(cache, get("/page"), LOOP);
        CacheLookup.Hit instead = answer(revalidation, 304, "", "ETag", "\"v2\"", "Cache-Control", "max-age=600");
        assertThat(instead.notModified()).isFalse();
        assertThat(text(instead.body())).isEqualTo("page body");
        assertThat(Http.now(cache, get("/page"), LOOP)).isInstanceOf(Forward.class);
    }

    @Test
    void a304AlsoAnswersTheClientsOwnCondition() {
        storePage();
        clock.advance(Duration.ofSeconds(61));
        Forward revalidation = forward(cache, get("/page", "If-None-Match", "\"v1\""), LOOP);
        CacheLookup.Hit instead = answer(revalidation, 304, "", "ETag", "W/\"v1\"");
        assertThat(instead.notModified()).isTrue();
        assertThat(instead.statusCode()).isEqualTo(304);
    }

    @Test
    void aHeadRequestRevalidatesTooWithoutStoringAnyBody() {
        storePage();
        clock.advance(Duration.ofSeconds(61));
        Forward revalidation = forward(cache, request(HttpMethod.HEAD, "/page"), LOOP);
        CacheLookup.Hit instead = answer(revalidation, 304, "", "ETag", "W/\"v1\"", "Cache-Control", "max-age=600");
        assertThat(instead.status()).isEqualTo(CacheStatus.REVALIDATED);
        assertThat(text(hit(cache, get("/page"), LOOP).body())).isEqualTo("page body");
    }

    @Test
    void aNewFullResponseReplacesTheStoredOneAndAnUnstorableOneRemovesIt() {
        storePage();
        clock.advance(Duration.ofSeconds(61));
        answer(forward(cache, get("/page"), LOOP), 200, "second", "Cache-Control", "max-age=60", "ETag", "\"v2\"");
        assertThat(text(hit(cache, get("/page"), LOOP).body())).isEqualTo("second");

        clock.advance(Duration.ofSeconds(61));
        answer(forward(cache, get("/page"), LOOP), 200, "private", "Cache-Control", "private");
        Forward next = forward(cache, get("/page"), LOOP);
        assertThat(next.validating()).isNull();
        assertThat(cache.stats().memoryEntries()).isZero();
    }

    @Test
    void aClientsIfNoneMatchIsAnsweredWith304ByWeakComparison() {
        storePage();
        for (String tags : new String[] {"\"v1\"", "W/\"v1\"", "\"a\", W/\"v1\"", "*", "\"a,b\",\"v1\""}) {
            CacheLookup.Hit hit = hit(cache, get("/page", "If-None-Match", tags), LOOP);
            assertThat(hit.notModified()).as(tags).isTrue();
            assertThat(hit.statusCode()).isEqualTo(304);
            assertThat(hit.body().readableBytes()).isZero();
            assertThat(lines(hit.http1Head())).containsExactly("HTTP/1.1 304 Not Modified", "Cache-Control: max-age=60",
                    "ETag: W/\"v1\"", "Date: " + date(stored));
            assertThat(hit.http2Headers().status().toString()).isEqualTo("304");
            assertThat(hit.http2Headers().contains("content-length")).isFalse();
        }
        for (String tags : new String[] {"\"v2\"", "\"a\", \"b\"", "W/\"v10\""}) {
            assertThat(hit(cache, get("/page", "If-None-Match", tags), LOOP).notModified()).as(tags).isFalse();
        }
        assertThat(cache.stats().servedBytes()).isEqualTo(3 * 9);
    }

    @Test
    void aClientsIfModifiedSinceIsAnsweredAgainstLastModifiedUnlessIfNoneMatchIsThere() {
        storePage();
        assertThat(hit(cache, get("/page", "If-Modified-Since", lastModified), LOOP).notModified()).isTrue();
        assertThat(hit(cache, get("/page", "If-Modified-Since", date(stored)), LOOP).notModified()).isTrue();
        assertThat(hit(cache, get("/page", "If-Modified-Since", date(stored - 7_200_000)), LOOP).notModified()).isFalse();
        assertThat(hit(cache, get("/page", "If-Modified-Since", "yesterday"), LOOP).notModified()).isFalse();
        assertThat(hit(cache, get("/page", "If-None-Match", "\"other\"", "If-Modified-Since", date(stored)), LOOP)
                .notModified()).isFalse();
    }

    @Test
    void withoutLastModifiedIfModifiedSinceComparesWithTheDate() {
        fetch(cache, LOOP, get("/plain"), "x", "Cache-Control", "max-age=60", "Date", date(stored));
        assertThat(hit(cache, get("/plain", "If-Modified-Since", date(stored)), LOOP).notModified()).isTrue();
        assertThat(hit(cache, get("/plain", "If-Modified-Since", date(stored - 1000)), LOOP).notModified()).isFalse();
    }

    @Test
    void onlyA200AnswersConditionsWith304() {
        Forward miss = forward(cache, get("/gone"), LOOP);
        answer(miss, 404, "missing", "Cache-Control", "max-age=60", "ETag", "\"x\"");
        assertThat(hit(cache, get("/gone", "If-None-Match", "\"x\""), LOOP).notModified()).isFalse();
    }

    @Test
    void aRevalidationThatFailsWithoutStaleAllowanceAnswersNothing() {
        storePage();
        clock.advance(Duration.ofSeconds(61));
        Forward revalidation = forward(cache, get("/page"), LOOP);
        assertThat(revalidation.response(502, "Bad Gateway", headers())).isNull();
    }
}

package dev.moor.edge.cache;

import io.netty.channel.DefaultEventLoop;
import io.netty.handler.codec.http.HttpHeaders;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.moor.edge.cache.Fields.date;
import static dev.moor.edge.cache.Fields.headers;
import static dev.moor.edge.cache.Http.fetch;
import static dev.moor.edge.cache.Http.get;
import static org.assertj.core.api.Assertions.assertThat;

class HttpCacheProperties {
    private static final DefaultEventLoop LOOP = new DefaultEventLoop();
    private static final long T = 1_780_000_000_000L;

    @AfterContainer
    static void stopLoop() {
        LOOP.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    /** A response's times and the fields that decide its age and freshness. */
    record Received(long requestTime, long responseTime, HttpHeaders headers, int status) {
        CachedResponse stored() {
            return CachedResponse.received(status, "OK", headers, new byte[0], requestTime, responseTime, List.of(),
                    List.of(), Duration.ofDays(1).toMillis());
        }
    }

    @Provide
    Arbitrary<Received> received() {
        Arbitrary<Long> requestOffset = Arbitraries.longs().between(-60_000, 60_000);
        Arbitrary<Long> dateOffset = Arbitraries.longs().between(-10 * 86_400_000L, 10 * 86_400_000L);
        Arbitrary<String> age = Arbitraries.oneOf(Arbitraries.just(""), Arbitraries.longs().between(0, 10_000_000).map(Object::toString),
                Arbitraries.of("-1", "abc", "99999999999999999999", "5, 7"));
        Arbitrary<String> directives = Arbitraries.of("", "max-age=0", "max-age=60", "s-maxage=600, max-age=1",
                "public", "no-cache", "max-age=31536000, immutable", "max-age=soon", "stale-while-revalidate=30",
                "max-age=2147483648");
        Arbitrary<String> expires = Arbitraries.oneOf(Arbitraries.just(""), Arbitraries.just("0"),
                Arbitraries.longs().between(-86_400_000L, 86_400_000L).map(offset -> date(T + offset)));
        Arbitrary<String> lastModified = Arbitraries.oneOf(Arbitraries.just(""),
                Arbitraries.longs().between(0, 400 * 86_400_000L).map(ago -> date(T - ago)));
        Arbitrary<Integer> status = Arbitraries.of(200, 203, 204, 301, 302, 404, 410, 500);
        return Combinators.combine(requestOffset, dateOffset, age, directives, expires, lastModified, status)
                .as((request, dateAt, ageValue, cacheControl, expiresAt, modified, code) -> {
                    HttpHeaders headers = headers("Date", date(T + dateAt));
                    if (!ageValue.isEmpty()) {
                        headers.add("Age", ageValue);
                    }
                    if (!cacheControl.isEmpty()) {
                        headers.add("Cache-Control", cacheControl);
                    }
                    if (!expiresAt.isEmpty()) {
                        headers.add("Expires", expiresAt);
                    }
                    if (!modified.isEmpty()) {
                        headers.add("Last-Modified", modified);
                    }
                    return new Received(T + request, T, headers, code);
                });
    }

    @Provide
    Arbitrary<CacheControl> requestDirectives() {
        return Arbitraries.of("", "no-cache", "max-age=0", "max-age=30", "max-stale", "max-stale=10", "min-fresh=20",
                "only-if-cached", "max-stale=5, min-fresh=5").map(value -> value.isEmpty() ? CacheControl.NONE
                : CacheControl.parse(List.of(value)));
    }

    @Property(tries = 2000)
    void ageIsNeverNegative(@ForAll("received") Received received, @ForAll @LongRange(min = -86_400_000L, max = 864_000_000L) long later) {
        CachedResponse response = received.stored();
        assertThat(response.currentAge(T + later)).isNotNegative();
        assertThat(response.ageSeconds(T + later)).isNotNegative();
        assertThat(response.freshnessLifetime()).isNotNegative();
    }

    @Property(tries = 2000)
    void aStoredResponseIsNeverFreshPastItsLifetime(@ForAll("received") Received received,
                                                   @ForAll("requestDirectives") CacheControl request,
                                                   @ForAll @LongRange(min = 0, max = 864_000_000L) long past) {
        CachedResponse response = received.stored();
        long now = received.responseTime() + response.freshnessLifetime() + past;
        assertThat(response.fresh(now)).isFalse();
        assertThat(Freshness.judge(response, request, now)).isNotEqualTo(Freshness.Use.FRESH);
    }

    @Property(tries = 2000)
    void onlyAFreshResponseIsJudgedFreshAndOnlyAnAllowedStaleOneServes(@ForAll("received") Received received,
                                                                        @ForAll("requestDirectives") CacheControl request,
                                                                        @ForAll @LongRange(min = 0, max = 864_000_000L) long later) {
        CachedResponse response = received.stored();
        long now = T + later;
        Freshness.Use use = Freshness.judge(response, request, now);
        if (use == Freshness.Use.FRESH) {
            assertThat(response.fresh(now)).isTrue();
        }
        if (use == Freshness.Use.STALE || use == Freshness.Use.STALE_WHILE_REVALIDATE) {
            CacheControl directives = response.cacheControl();
            assertThat(directives.noCache() || directives.mustRevalidate() || directives.proxyRevalidate()).isFalse();
        }
    }

    @Property(tries = 100)
    void memoryIsNeverAboveItsBound(@ForAll @Size(min = 1, max = 80) List<@IntRange(min = 0, max = 30) Integer> targets,
                                   @ForAll @Size(min = 1, max = 80) List<@IntRange(min = 0, max = 6000) Integer> sizes,
                                   @ForAll @IntRange(min = 8_000, max = 40_000) int bound) {
        HttpCache cache = HttpCache.builder().clock(new TestClock()).maxMemoryBytes(bound).maxObjectBytes(6000).build();
        for (int i = 0; i < targets.size(); i++) {
            String body = "x".repeat(sizes.get(i % sizes.size()));
            CacheLookup lookup = Http.now(cache, get("/" + targets.get(i)), LOOP);
            if (lookup instanceof Forward forward) {
                Http.answer(forward, 200, body, "Cache-Control", "max-age=600");
            }
            assertThat(cache.stats().memoryBytes()).isLessThanOrEqualTo(bound);
        }
    }

    @Property(tries = 500)
    void keysAreNormalisedOnce(@ForAll("hosts") String host, @ForAll("targets") String target) {
        CacheKey key = CacheKey.of("", "https", host, target);
        assertThat(CacheKey.of(key.partition(), key.scheme(), key.host(), key.target())).isEqualTo(key);
    }

    @Provide
    Arbitrary<String> hosts() {
        return Combinators.combine(Arbitraries.of("Example.com", "example.com.", "[::1]", "a.b.C"),
                Arbitraries.of("", ":443", ":80", ":8443", ":")).as(String::concat);
    }

    @Provide
    Arbitrary<String> targets() {
        return Arbitraries.strings().withChars("abcAB/%~-._?=&09fF").ofMaxLength(30);
    }

    @Property(tries = 500)
    void acceptEncodingDoesNotDependOnOrderCaseOrSpacing(@ForAll @Size(max = 6) List<@IntRange(min = 0, max = 8) Integer> picks,
                                                         @ForAll long seed) {
        String[] members = {"gzip", "br;q=0.8", "DEFLATE", "zstd;q=0", "identity", "*;q=0.1", "x-gzip", "compress", " br "};
        List<String> chosen = new ArrayList<>();
        for (int pick : picks) {
            chosen.add(members[pick]);
        }
        List<String> shuffled = new ArrayList<>(chosen);
        Collections.shuffle(shuffled, new java.util.Random(seed));
        String value = Vary.value("accept-encoding", headers("Accept-Encoding", String.join(",", chosen).trim()));
        String other = Vary.value("accept-encoding", headers("Accept-Encoding", String.join(" , ", shuffled).toUpperCase().trim()));
        assertThat(other).isEqualTo(value);
    }

    @Property(tries = 200)
    void whatWasFetchedIsWhatIsServed(@ForAll @Size(max = 3000) List<@IntRange(min = 0, max = 255) Integer> bytes) {
        HttpCache cache = HttpCache.builder().clock(new TestClock()).build();
        StringBuilder body = new StringBuilder();
        bytes.forEach(b -> body.append((char) b.intValue()));
        fetch(cache, LOOP, get("/data"), body.toString(), "Cache-Control", "max-age=60");
        CacheLookup.Hit hit = Http.hit(cache, get("/data"), LOOP);
        assertThat(Http.text(hit.body())).isEqualTo(body.toString());
        assertThat(Http.lines(hit.http1Head())).contains("content-length: " + bytes.size());
    }
}

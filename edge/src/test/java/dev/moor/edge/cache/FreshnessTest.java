package dev.moor.edge.cache;

import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.moor.edge.cache.Fields.date;
import static dev.moor.edge.cache.Fields.headers;
import static org.assertj.core.api.Assertions.assertThat;

class FreshnessTest {
    private static final long DAY = Duration.ofDays(1).toMillis();
    /** Whole seconds, as Date headers have them. */
    private static final long T = 1_780_000_000_000L;

    /** A 200 received at T (its request sent at T - 1 s) with these fields. */
    private static CachedResponse received(String... namesAndValues) {
        return received(200, namesAndValues);
    }

    private static CachedResponse received(int status, String... namesAndValues) {
        HttpHeaders headers = headers(namesAndValues);
        return CachedResponse.received(status, "OK", headers, new byte[0], T - 1000, T, List.of(), List.of(), DAY);
    }

    private static CacheControl request(String directives) {
        return CacheControl.parse(List.of(directives));
    }

    @Test
    void sMaxAgeThenMaxAgeThenExpiresMinusDate() {
        assertThat(received("Cache-Control", "max-age=60, s-maxage=120").freshnessLifetime()).isEqualTo(120_000);
        assertThat(received("Cache-Control", "max-age=60", "Expires", date(T + 3_600_000)).freshnessLifetime())
                .isEqualTo(60_000);
        assertThat(received("Date", date(T - 10_000), "Expires", date(T + 50_000)).freshnessLifetime())
                .isEqualTo(60_000);
    }

    @Test
    void anUnreadableExpiresMeansAlreadyExpired() {
        assertThat(received("Expires", "0", "Last-Modified", date(T - 100 * DAY)).freshnessLifetime()).isZero();
        assertThat(received("Date", date(T), "Expires", date(T - 5000)).freshnessLifetime()).isZero();
    }

    @Test
    void heuristicIsATenthOfTheTimeSinceLastModifiedCapped() {
        assertThat(received("Date", date(T), "Last-Modified", date(T - 600_000)).freshnessLifetime()).isEqualTo(60_000);
        assertThat(received("Date", date(T), "Last-Modified", date(T - 100 * DAY)).freshnessLifetime()).isEqualTo(DAY);
        assertThat(received(404, "Date", date(T), "Last-Modified", date(T - 600_000)).freshnessLifetime()).isEqualTo(60_000);
        assertThat(received("Date", date(T))).extracting(CachedResponse::freshnessLifetime).isEqualTo(0L);
    }

    @Test
    void noHeuristicForStatusesThatNeedExplicitFreshnessUnlessPublic() {
        assertThat(received(302, "Date", date(T), "Last-Modified", date(T - 600_000)).freshnessLifetime()).isZero();
        assertThat(received(302, "Cache-Control", "public", "Date", date(T), "Last-Modified", date(T - 600_000))
                .freshnessLifetime()).isEqualTo(60_000);
    }

    @Test
    void ageIsTheLargerOfApparentAgeAndAgePlusResponseDelayPlusResidence() {
        // apparent age 10 s; Age 5 s + 1 s response delay = 6 s; initial age 10 s
        CachedResponse response = received("Date", date(T - 10_000), "Age", "5", "Cache-Control", "max-age=60");
        assertThat(response.currentAge(T)).isEqualTo(10_000);
        assertThat(response.currentAge(T + 20_000)).isEqualTo(30_000);
        assertThat(response.ageSeconds(T + 20_999)).isEqualTo(30);

        // Age 30 s + 1 s delay beats an apparent age of 0 (Date now)
        CachedResponse aged = received("Date", date(T), "Age", "30");
        assertThat(aged.currentAge(T)).isEqualTo(31_000);
    }

    @Test
    void aDateInTheFutureOrAnInvalidAgeDoNotMakeAgeNegative() {
        CachedResponse skewed = received("Date", date(T + 3_600_000), "Age", "-4", "Cache-Control", "max-age=60");
        assertThat(skewed.currentAge(T)).isEqualTo(1000);
        assertThat(skewed.currentAge(T - 50_000)).isEqualTo(1000);
        assertThat(received("Age", "7, 9").currentAge(T)).isEqualTo(8000);
    }

    @Test
    void withoutADateTheResponseTimeIsTheDate() {
        CachedResponse response = received("Cache-Control", "max-age=60");
        assertThat(response.date()).isEqualTo(T);
        assertThat(response.fresh(T + 58_999)).isTrue();
        assertThat(response.fresh(T + 59_000)).isFalse();
    }

    @Test
    void freshServesUntilTheLifetimeIsUsedUp() {
        CachedResponse response = received("Date", date(T), "Cache-Control", "max-age=60");
        assertThat(Freshness.judge(response, CacheControl.NONE, T + 58_000)).isEqualTo(Freshness.Use.FRESH);
        assertThat(Freshness.judge(response, CacheControl.NONE, T + 59_000)).isEqualTo(Freshness.Use.VALIDATE);
    }

    @Test
    void requestDirectives() {
        CachedResponse response = received("Date", date(T), "Cache-Control", "max-age=60");
        long at = T + 20_000; // age 21 s, 39 s left
        assertThat(Freshness.judge(response, request("no-cache"), at)).isEqualTo(Freshness.Use.VALIDATE);
        assertThat(Freshness.judge(response, request("max-age=0"), at)).isEqualTo(Freshness.Use.VALIDATE);
        assertThat(Freshness.judge(response, request("max-age=21"), at)).isEqualTo(Freshness.Use.FRESH);
        assertThat(Freshness.judge(response, request("max-age=20"), at)).isEqualTo(Freshness.Use.VALIDATE);
        assertThat(Freshness.judge(response, request("min-fresh=39"), at)).isEqualTo(Freshness.Use.FRESH);
        assertThat(Freshness.judge(response, request("min-fresh=40"), at)).isEqualTo(Freshness.Use.VALIDATE);

        long stale = T + 69_000; // 10 s stale
        assertThat(Freshness.judge(response, request("max-stale=10"), stale)).isEqualTo(Freshness.Use.STALE);
        assertThat(Freshness.judge(response, request("max-stale=9"), stale)).isEqualTo(Freshness.Use.VALIDATE);
        assertThat(Freshness.judge(response, request("max-stale"), stale + 100 * DAY)).isEqualTo(Freshness.Use.STALE);
    }

    @Test
    void mustRevalidateProxyRevalidateAndSMaxAgeForbidMaxStale() {
        long stale = T + 69_000;
        for (String directives : List.of("max-age=60, must-revalidate", "max-age=60, proxy-revalidate", "s-maxage=60")) {
            CachedResponse response = received("Date", date(T), "Cache-Control", directives);
            assertThat(Freshness.judge(response, request("max-stale"), stale)).as(directives).isEqualTo(Freshness.Use.VALIDATE);
        }
    }

    @Test
    void staleWhileRevalidateServesWithinItsWindowEvenUnderSMaxAge() {
        CachedResponse response = received("Date", date(T), "Cache-Control", "s-maxage=60, stale-while-revalidate=30");
        assertThat(Freshness.judge(response, CacheControl.NONE, T + 88_000)).isEqualTo(Freshness.Use.STALE_WHILE_REVALIDATE);
        assertThat(Freshness.judge(response, CacheControl.NONE, T + 90_000)).isEqualTo(Freshness.Use.VALIDATE);
        assertThat(Freshness.judge(response, request("no-cache"), T + 70_000)).isEqualTo(Freshness.Use.VALIDATE);

        CachedResponse strict = received("Date", date(T), "Cache-Control", "max-age=60, must-revalidate, stale-while-revalidate=30");
        assertThat(Freshness.judge(strict, CacheControl.NONE, T + 70_000)).isEqualTo(Freshness.Use.VALIDATE);
    }

    @Test
    void responseNoCacheAlwaysValidates() {
        CachedResponse response = received("Date", date(T), "Cache-Control", "no-cache, max-age=600");
        assertThat(Freshness.judge(response, CacheControl.NONE, T)).isEqualTo(Freshness.Use.VALIDATE);
    }

    @Test
    void aFreshImmutableResponseIgnoresTheReloadOfABrowser() {
        CachedResponse response = received("Date", date(T), "Cache-Control", "max-age=600, immutable");
        assertThat(Freshness.judge(response, request("no-cache"), T + 1000)).isEqualTo(Freshness.Use.FRESH);
        assertThat(Freshness.judge(response, request("max-age=0"), T + 1000)).isEqualTo(Freshness.Use.FRESH);
        assertThat(Freshness.judge(response, request("no-cache"), T + 600_000)).isEqualTo(Freshness.Use.VALIDATE);
    }

    @Test
    void staleOnErrorWithinTheLargestAllowanceUnlessForbidden() {
        CachedResponse response = received("Date", date(T), "Cache-Control", "max-age=60, stale-if-error=100");
        assertThat(Freshness.servableOnError(response, CacheControl.NONE, 0, T + 159_000)).isTrue();
        assertThat(Freshness.servableOnError(response, CacheControl.NONE, 0, T + 161_000)).isFalse();
        assertThat(Freshness.servableOnError(response, request("stale-if-error=1000"), 0, T + 161_000)).isTrue();
        assertThat(Freshness.servableOnError(response, CacheControl.NONE, 3_600_000, T + 3_000_000)).isTrue();

        CachedResponse plain = received("Date", date(T), "Cache-Control", "max-age=60");
        assertThat(Freshness.servableOnError(plain, CacheControl.NONE, 0, T + 30_000)).isTrue();
        assertThat(Freshness.servableOnError(plain, CacheControl.NONE, 0, T + 61_000)).isFalse();
        assertThat(Freshness.servableOnError(received("Date", date(T), "Cache-Control", "s-maxage=60"),
                CacheControl.NONE, 3_600_000, T + 61_000)).isTrue();

        for (String forbidding : List.of("max-age=60, must-revalidate", "max-age=60, proxy-revalidate", "no-cache")) {
            CachedResponse strict = received("Date", date(T), "Cache-Control", forbidding + ", stale-if-error=100");
            assertThat(Freshness.servableOnError(strict, CacheControl.NONE, 3_600_000, T + 61_000)).as(forbidding).isFalse();
        }
    }
}

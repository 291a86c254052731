package dev.moor.edge.cache;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static dev.moor.edge.cache.CacheControl.ABSENT;
import static dev.moor.edge.cache.CacheControl.ANY;
import static org.assertj.core.api.Assertions.assertThat;

class CacheControlTest {

    private static CacheControl parse(String... values) {
        return CacheControl.parse(List.of(values));
    }

    @Test
    void readsEveryDirective() {
        CacheControl response = parse("public, max-age=60, s-maxage=120, must-revalidate, proxy-revalidate, "
                + "stale-while-revalidate=30, stale-if-error=600, immutable, no-store");
        assertThat(response.publicResponse()).isTrue();
        assertThat(response.maxAge()).isEqualTo(60);
        assertThat(response.sMaxAge()).isEqualTo(120);
        assertThat(response.mustRevalidate()).isTrue();
        assertThat(response.proxyRevalidate()).isTrue();
        assertThat(response.staleWhileRevalidate()).isEqualTo(30);
        assertThat(response.staleIfError()).isEqualTo(600);
        assertThat(response.immutable()).isTrue();
        assertThat(response.noStore()).isTrue();

        CacheControl request = parse("max-stale=5, min-fresh=10, only-if-cached, no-cache");
        assertThat(request.maxStale()).isEqualTo(5);
        assertThat(request.minFresh()).isEqualTo(10);
        assertThat(request.onlyIfCached()).isTrue();
        assertThat(request.noCache()).isTrue();
        assertThat(request.maxAge()).isEqualTo(ABSENT);
    }

    @Test
    void toleratesCaseSpacingQuotesAndEmptyMembers() {
        CacheControl directives = parse(" ,MAX-AGE = \"60\" ,,  Public,S-MaxAge=\"5\"\t, ");
        assertThat(directives.maxAge()).isEqualTo(60);
        assertThat(directives.sMaxAge()).isEqualTo(5);
        assertThat(directives.publicResponse()).isTrue();
    }

    @Test
    void takesSeveralFieldLinesAsOneList() {
        CacheControl directives = parse("max-age=10", "private");
        assertThat(directives.maxAge()).isEqualTo(10);
        assertThat(directives.privateResponse()).isTrue();
    }

    @Test
    void qualifiedNoCacheAndPrivateListFieldNamesWithCommasInsideQuotes() {
        CacheControl directives = parse("no-cache=\"Set-Cookie, X-Secret\", private=\"X-User\", max-age=5");
        assertThat(directives.noCache()).isFalse();
        assertThat(directives.noCacheFields()).isEqualTo(Set.of("set-cookie", "x-secret"));
        assertThat(directives.privateResponse()).isFalse();
        assertThat(directives.privateFields()).isEqualTo(Set.of("x-user"));
        assertThat(directives.maxAge()).isEqualTo(5);
    }

    @Test
    void unqualifiedNoCacheWinsOverQualified() {
        assertThat(parse("no-cache=\"a\", no-cache").noCache()).isTrue();
        assertThat(parse("no-cache, no-cache=\"a\"").noCache()).isTrue();
        assertThat(parse("no-cache, no-cache=\"a\"").noCacheFields()).isEmpty();
    }

    @Test
    void firstOccurrenceWins() {
        assertThat(parse("max-age=10, max-age=1000").maxAge()).isEqualTo(10);
        assertThat(parse("max-age=10", "max-age=1000").maxAge()).isEqualTo(10);
    }

    @Test
    void anUnreadableMaxAgeMakesTheResponseStaleAndOtherUnreadableValuesAreIgnored() {
        assertThat(parse("max-age=soon").maxAge()).isZero();
        assertThat(parse("s-maxage=-1").sMaxAge()).isZero();
        assertThat(parse("max-age").maxAge()).isZero();
        assertThat(parse("stale-while-revalidate=x").staleWhileRevalidate()).isEqualTo(ABSENT);
        assertThat(parse("min-fresh=1.5").minFresh()).isEqualTo(ABSENT);
    }

    @Test
    void maxStaleWithoutAValueAcceptsAnyStaleness() {
        assertThat(parse("max-stale").maxStale()).isEqualTo(ANY);
        assertThat(parse("max-stale=0").maxStale()).isZero();
    }

    @Test
    void hugeDeltaSecondsAreTwoToTheThirtyFirst() {
        assertThat(parse("max-age=99999999999999999999999").maxAge()).isEqualTo(2_147_483_648L);
    }

    @Test
    void unknownDirectivesAndExtensionsAreIgnored() {
        CacheControl directives = parse("community=\"UCI\", foo, max-age=3");
        assertThat(directives).isEqualTo(parse("max-age=3"));
    }

    @Test
    void pragmaNoCacheCountsOnlyWithoutCacheControl() {
        HttpHeaders pragma = new DefaultHttpHeaders().add("Pragma", "foo, No-Cache");
        assertThat(CacheControl.ofRequest(pragma).noCache()).isTrue();

        HttpHeaders both = new DefaultHttpHeaders().add("Pragma", "no-cache").add("Cache-Control", "max-stale=10");
        assertThat(CacheControl.ofRequest(both).noCache()).isFalse();
        assertThat(CacheControl.ofRequest(both).maxStale()).isEqualTo(10);

        assertThat(CacheControl.ofRequest(new DefaultHttpHeaders())).isSameAs(CacheControl.NONE);
        assertThat(CacheControl.ofResponse(new DefaultHttpHeaders().add("Pragma", "no-cache"))).isSameAs(CacheControl.NONE);
    }
}

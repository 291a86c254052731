package dev.moor.edge.cache;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CacheKeyTest {

    @Test
    void hostIsLowerCaseWithoutTheDefaultPortOrATrailingDot() {
        assertThat(CacheKey.of("HTTP", "Example.COM:80", "/a").uri()).isEqualTo("http://example.com/a");
        assertThat(CacheKey.of("https", "example.com:443", "/a").uri()).isEqualTo("https://example.com/a");
        assertThat(CacheKey.of("https", "example.com.", "/a").uri()).isEqualTo("https://example.com/a");
        assertThat(CacheKey.of("http", "example.com:", "/a").uri()).isEqualTo("http://example.com/a");
    }

    @Test
    void anotherPortStaysAndSoDoesTheOtherSchemesDefault() {
        assertThat(CacheKey.of("http", "example.com:8080", "/").uri()).isEqualTo("http://example.com:8080/");
        assertThat(CacheKey.of("http", "example.com:443", "/").uri()).isEqualTo("http://example.com:443/");
        assertThat(CacheKey.of("http", "[::1]:80", "/").uri()).isEqualTo("http://[::1]/");
        assertThat(CacheKey.of("http", "[::1]:8080", "/").uri()).isEqualTo("http://[::1]:8080/");
        assertThat(CacheKey.of("http", "[::1]", "/").uri()).isEqualTo("http://[::1]/");
    }

    @Test
    void theSchemeIsPartOfTheKey() {
        assertThat(CacheKey.of("http", "a", "/")).isNotEqualTo(CacheKey.of("https", "a", "/"));
    }

    @Test
    void absoluteFormIsCutToPathAndQuery() {
        assertThat(CacheKey.of("http", "a", "http://a/x?y=1").target()).isEqualTo("/x?y=1");
        assertThat(CacheKey.of("http", "a", "http://a").target()).isEqualTo("/");
        assertThat(CacheKey.of("http", "a", "http://a?q").target()).isEqualTo("/?q");
        assertThat(CacheKey.of("http", "a", "").target()).isEqualTo("/");
    }

    @Test
    void percentEncodingsAreNormalised() {
        assertThat(CacheKey.of("http", "a", "/%7euser/%7E%41%2f%2F?q=%e2%82%ac").target())
                .isEqualTo("/~user/~A%2F%2F?q=%E2%82%AC");
        assertThat(CacheKey.of("http", "a", "/100%").target()).isEqualTo("/100%");
        assertThat(CacheKey.of("http", "a", "/%zz").target()).isEqualTo("/%zz");
    }

    @Test
    void aPathIsCaseSensitive() {
        assertThat(CacheKey.of("http", "a", "/A")).isNotEqualTo(CacheKey.of("http", "a", "/a"));
    }

    @Test
    void matchesAHostAndPathPrefix() {
        CacheKey key = CacheKey.of("https", "shop.example.com", "/assets/app.js?v=3");
        assertThat(key.matches("Shop.Example.com", "/assets/")).isTrue();
        assertThat(key.matches("shop.example.com", "/")).isTrue();
        assertThat(key.matches("shop.example.com", "/api")).isFalse();
        assertThat(key.matches("example.com", "/")).isFalse();
    }
}

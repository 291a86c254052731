package dev.moor.edge.cache;

import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CacheKeyTest {

    @Test
    void hostIsLowerCaseWithoutTheDefaultPortOrATrailingDot() {
        assertThat(CacheKey.of("", "HTTP", "Example.COM:80", "/a").uri()).isEqualTo("http://example.com/a");
        assertThat(CacheKey.of("", "https", "example.com:443", "/a").uri()).isEqualTo("https://example.com/a");
        assertThat(CacheKey.of("", "https", "example.com.", "/a").uri()).isEqualTo("https://example.com/a");
        assertThat(CacheKey.of("", "http", "example.com:", "/a").uri()).isEqualTo("http://example.com/a");
    }

    @Test
    void anotherPortStaysAndSoDoesTheOtherSchemesDefault() {
        assertThat(CacheKey.of("", "http", "example.com:8080", "/").uri()).isEqualTo("http://example.com:8080/");
        assertThat(CacheKey.of("", "http", "example.com:443", "/").uri()).isEqualTo("http://example.com:443/");
        assertThat(CacheKey.of("", "http", "[::1]:80", "/").uri()).isEqualTo("http://[::1]/");
        assertThat(CacheKey.of("", "http", "[::1]:8080", "/").uri()).isEqualTo("http://[::1]:8080/");
        assertThat(CacheKey.of("", "http", "[::1]", "/").uri()).isEqualTo("http://[::1]/");
    }

    @Test
    void theSchemeIsPartOfTheKey() {
        assertThat(CacheKey.of("", "http", "a", "/")).isNotEqualTo(CacheKey.of("", "https", "a", "/"));
    }

    @Test
    void absoluteFormIsCutToPathAndQuery() {
        assertThat(CacheKey.of("", "http", "a", "http://a/x?y=1").target()).isEqualTo("/x?y=1");
        assertThat(CacheKey.of("", "http", "a", "http://a").target()).isEqualTo("/");
        assertThat(CacheKey.of("", "http", "a", "http://a?q").target()).isEqualTo("/?q");
        assertThat(CacheKey.of("", "http", "a", "").target()).isEqualTo("/");
    }

    @Test
    void percentEncodingsAreNormalised() {
        assertThat(CacheKey.of("", "http", "a", "/%7euser/%7E%41%2f%2F?q=%e2%82%ac").target())
                .isEqualTo("/~user/~A%2F%2F?q=%E2%82%AC");
        assertThat(CacheKey.of("", "http", "a", "/100%").target()).isEqualTo("/100%");
        assertThat(CacheKey.of("", "http", "a", "/%zz").target()).isEqualTo("/%zz");
    }

    @Test
    void aPathIsCaseSensitive() {
        assertThat(CacheKey.of("", "http", "a", "/A")).isNotEqualTo(CacheKey.of("", "http", "a", "/a"));
    }

    @Test
    void thePartitionIsPartOfTheKeyAndOfItsIdButNotOfItsUri() {
        CacheKey shop = CacheKey.of("shop/routes[0]", "https", "example.com", "/");
        CacheKey blog = CacheKey.of("blog/routes[0]", "https", "example.com", "/");

        assertThat(shop).isNotEqualTo(blog);
        assertThat(shop.id()).isEqualTo("shop/routes[0] https://example.com/").isNotEqualTo(blog.id());
        assertThat(shop.uri()).isEqualTo(blog.uri()).isEqualTo("https://example.com/");
        assertThat(CacheKey.of("", "https", "example.com", "/").id()).isEqualTo("https://example.com/");
        assertThatThrownBy(() -> CacheKey.of("shop routes", "https", "example.com", "/"))
                .hasMessage("partition: \"shop routes\" (expected: no spaces)");
    }

    @Test
    void aPurgeMatchesPartitionsSchemeHostAndPathPrefix() {
        CacheKey key = CacheKey.of("shop/routes[0]", "https", "shop.example.com", "/assets/app.js?v=3");

        assertThat(purge(Set.of(), null, "Shop.Example.com:443", "/assets/").test(key)).isTrue();
        assertThat(purge(Set.of(), null, "shop.example.com", "/").test(key)).isTrue();
        assertThat(purge(Set.of(), null, "shop.example.com", "/api").test(key)).isFalse();
        assertThat(purge(Set.of(), null, "example.com", "/").test(key)).isFalse();
        assertThat(purge(Set.of(), "HTTPS", null, "/").test(key)).isTrue();
        assertThat(purge(Set.of(), "http", null, "/").test(key)).isFalse();
        assertThat(purge(Set.of("shop/routes[0]", "shop/routes[1]"), null, null, "/").test(key)).isTrue();
        assertThat(purge(Set.of("shop/routes[1]"), null, null, "/").test(key)).isFalse();
        assertThat(CachePurge.ALL.test(key)).isTrue();
        assertThatThrownBy(() -> purge(Set.of(), null, null, "assets"))
                .hasMessage("pathPrefix: \"assets\" (expected: a path starting with /)");
    }

    private static CachePurge purge(Set<String> partitions, String scheme, String host, String pathPrefix) {
        return new CachePurge(partitions, Optional.ofNullable(scheme), Optional.ofNullable(host), pathPrefix);
    }
}

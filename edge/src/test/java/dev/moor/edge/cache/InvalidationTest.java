package dev.moor.edge.cache;

import io.netty.channel.DefaultEventLoop;
import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static dev.moor.edge.cache.Fields.headers;
import static dev.moor.edge.cache.Http.fetch;
import static dev.moor.edge.cache.Http.forward;
import static dev.moor.edge.cache.Http.get;
import static dev.moor.edge.cache.Http.hit;
import static dev.moor.edge.cache.Http.now;
import static dev.moor.edge.cache.Http.request;
import static dev.moor.edge.cache.Http.text;
import static org.assertj.core.api.Assertions.assertThat;

/** Unsafe methods invalidate (RFC 9111 §4.4) in their partition; purge removes by partition, scheme, host and path prefix. */
class InvalidationTest {
    private static final DefaultEventLoop LOOP = new DefaultEventLoop();

    private final HttpCache cache = HttpCache.builder().clock(new TestClock()).build();

    @AfterAll
    static void stopLoop() {
        LOOP.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private void store(String scheme, String host, String target) {
        fetch(cache, LOOP, CacheRequest.of(HttpMethod.GET, scheme, host, target, headers()), "body",
                "Cache-Control", "max-age=600");
    }

    private boolean cached(String scheme, String host, String target) {
        return now(cache, CacheRequest.of(HttpMethod.GET, scheme, host, target, headers()), LOOP)
                instanceof CacheLookup.Hit;
    }

    @Test
    void aSuccessfulUnsafeRequestInvalidatesItsTargetLocationAndContentLocationOnTheSameHost() {
        store("https", "example.com", "/cart");
        store("http", "example.com", "/cart");
        store("https", "example.com", "/cart/42");
        store("https", "example.com", "/orders/7");
        store("https", "other.example", "/cart/42");
        store("https", "example.com", "/kept");

        Forward post = forward(cache, request(HttpMethod.POST, "/cart"), LOOP);
        assertThat(post.response(201, "Created", headers("Location", "/cart/42",
                "Content-Location", "https://example.com/orders/7"))).isNull();
        post.end();

        assertThat(cached("https", "example.com", "/cart")).isFalse();
        assertThat(cached("http", "example.com", "/cart")).isFalse();
        assertThat(cached("https", "example.com", "/cart/42")).isFalse();
        assertThat(cached("https", "example.com", "/orders/7")).isFalse();
        assertThat(cached("https", "other.example", "/cart/42")).isTrue();
        assertThat(cached("https", "example.com", "/kept")).isTrue();
    }

    @Test
    void aPartitionFindsOnlyWhatItStoredAndInvalidatesOnlyThat() {
        fetch(cache, LOOP, inPartition("shop/routes[0]", HttpMethod.GET), "shop", "Cache-Control", "max-age=600");
        // A miss in the other partition (fetch asserts that the lookup forwards), though the URI is stored.
        fetch(cache, LOOP, inPartition("blog/routes[0]", HttpMethod.GET), "blog", "Cache-Control", "max-age=600");
        assertThat(text(hit(cache, inPartition("shop/routes[0]", HttpMethod.GET), LOOP).body())).isEqualTo("shop");
        assertThat(text(hit(cache, inPartition("blog/routes[0]", HttpMethod.GET), LOOP).body())).isEqualTo("blog");

        Forward post = forward(cache, inPartition("shop/routes[0]", HttpMethod.POST), LOOP);
        post.response(200, "OK", headers());
        post.end();

        assertThat(now(cache, inPartition("shop/routes[0]", HttpMethod.GET), LOOP)).isInstanceOf(Forward.class);
        assertThat(text(hit(cache, inPartition("blog/routes[0]", HttpMethod.GET), LOOP).body())).isEqualTo("blog");
        assertThat(cache.purge(new CachePurge(Set.of("shop/routes[0]"), Optional.empty(), Optional.empty(), "/")))
                .isZero();
        assertThat(cache.purge(new CachePurge(Set.of("blog/routes[0]"), Optional.empty(), Optional.empty(), "/")))
                .isEqualTo(1);
        assertThat(cache.stats().memoryEntries()).isZero();
    }

    private static CacheRequest inPartition(String partition, HttpMethod method) {
        return CacheRequest.of(partition, method, "https", "example.com", "/page", headers(), 0);
    }

    @Test
    void aLocationOnAnotherHostIsLeftAlone() {
        store("https", "other.example", "/x");
        Forward put = forward(cache, request(HttpMethod.PUT, "/thing"), LOOP);
        put.response(303, "See Other", headers("Location", "https://other.example/x"));
        assertThat(cached("https", "other.example", "/x")).isTrue();
    }

    @Test
    void anErrorInvalidatesNothingNorDoSafeMethods() {
        store("https", "example.com", "/cart");
        forward(cache, request(HttpMethod.POST, "/cart"), LOOP).response(500, "Internal Server Error", headers());
        forward(cache, request(HttpMethod.DELETE, "/cart"), LOOP).response(404, "Not Found", headers());
        forward(cache, request(HttpMethod.OPTIONS, "/cart"), LOOP).response(200, "OK", headers());
        assertThat(cached("https", "example.com", "/cart")).isTrue();

        forward(cache, request(HttpMethod.DELETE, "/cart"), LOOP).response(204, "No Content", headers());
        assertThat(cached("https", "example.com", "/cart")).isFalse();
    }

    @Test
    void purgeByHostAndPathPrefixOrEverything() {
        store("https", "example.com", "/assets/a.js");
        store("http", "example.com", "/assets/b.css");
        store("https", "example.com", "/about");
        store("https", "shop.example.com", "/assets/a.js");

        assertThat(cache.purge(new CachePurge(Set.of(), Optional.of("https"), Optional.of("EXAMPLE.com:443"), "/assets/"))).isEqualTo(1);
        assertThat(cache.purge(new CachePurge(Set.of(), Optional.empty(), Optional.of("example.com"), "/assets/"))).isEqualTo(1);
        assertThat(cached("https", "example.com", "/assets/a.js")).isFalse();
        assertThat(cached("http", "example.com", "/assets/b.css")).isFalse();
        assertThat(cached("https", "example.com", "/about")).isTrue();
        assertThat(cached("https", "shop.example.com", "/assets/a.js")).isTrue();

        assertThat(cache.purge(CachePurge.ALL)).isEqualTo(2);
        assertThat(cache.stats().memoryEntries()).isZero();
        assertThat(cache.stats().evicted()).isZero();
    }
}

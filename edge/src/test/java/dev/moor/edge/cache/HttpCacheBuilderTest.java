package dev.moor.edge.cache;

import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpCacheBuilderTest {

    @Test
    void eachValueIsCheckedWhereItIsSet() {
        assertThatThrownBy(() -> HttpCache.builder().maxMemoryBytes(0))
                .hasMessage("maxMemoryBytes: 0 (expected: > 0)");
        assertThatThrownBy(() -> HttpCache.builder().maxObjectBytes(-1))
                .hasMessage("maxObjectBytes: -1 (expected: > 0 and <= 2147483639)");
        assertThatThrownBy(() -> HttpCache.builder().disk(Path.of("/var/cache/moor"), 0))
                .hasMessage("disk: /var/cache/moor: maxBytes 0 (expected: > 0)");
        assertThatThrownBy(() -> HttpCache.builder().maxHeuristicFreshness(Duration.ofSeconds(-1)))
                .hasMessage("maxHeuristicFreshness: PT-1S (expected: >= 0s)");
        assertThatThrownBy(() -> HttpCache.builder().coalescingTimeout(Duration.ZERO))
                .hasMessage("coalescingTimeout: PT0S (expected: > 0s)");
        assertThatThrownBy(() -> HttpCache.builder().uncoalescedFor(Duration.ofMillis(-5)))
                .hasMessage("uncoalescedFor: PT-0.005S (expected: >= 0s)");
        assertThatThrownBy(() -> CacheRequest.of(HttpMethod.GET, "http", "a", "/", Fields.headers())
                .withStaleOnError(Duration.ofMinutes(-1)))
                .hasMessage("staleOnError: PT-1M (expected: >= 0s)");
    }

    @Test
    void theMaximumObjectSizeMustFitEveryTier() {
        assertThatThrownBy(() -> HttpCache.builder().maxMemoryBytes(1000).maxObjectBytes(2000).build())
                .hasMessage("maxObjectBytes: 2000 (expected: <= maxMemoryBytes 1000)");
        assertThatThrownBy(() -> HttpCache.builder().maxObjectBytes(2000).disk(Path.of("/var/cache/moor"), 1000).build())
                .hasMessage("maxObjectBytes: 2000 (expected: <= the disk's maxBytes 1000)");
    }
}

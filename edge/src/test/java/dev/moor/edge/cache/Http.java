package dev.moor.edge.cache;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

import static dev.moor.edge.cache.Fields.headers;
import static org.assertj.core.api.Assertions.assertThat;

/** Requests, responses and exchanges with a cache, the way the edge will make them. */
final class Http {
    private Http() {}

    static CacheRequest get(String target, String... namesAndValues) {
        return request(HttpMethod.GET, target, namesAndValues);
    }

    static CacheRequest request(HttpMethod method, String target, String... namesAndValues) {
        return CacheRequest.of(method, "https", "example.com", target, headers(namesAndValues));
    }

    static String text(ByteBuf buffer) {
        return buffer.toString(StandardCharsets.ISO_8859_1);
    }

    /** The lookup, which must decide at once. */
    static CacheLookup now(HttpCache cache, CacheRequest request, ScheduledExecutorService loop) {
        CacheLookup lookup = cache.lookup(request, loop, late -> {
            throw new AssertionError("resumed, though it decided at once: " + late);
        });
        assertThat(lookup).isNotInstanceOf(CacheLookup.Pending.class);
        return lookup;
    }

    static Forward forward(HttpCache cache, CacheRequest request, ScheduledExecutorService loop) {
        CacheLookup lookup = now(cache, request, loop);
        assertThat(lookup).isInstanceOf(Forward.class);
        return (Forward) lookup;
    }

    static CacheLookup.Hit hit(HttpCache cache, CacheRequest request, ScheduledExecutorService loop) {
        CacheLookup lookup = now(cache, request, loop);
        assertThat(lookup).isInstanceOf(CacheLookup.Hit.class);
        return (CacheLookup.Hit) lookup;
    }

    /** The upstream's answer to a Forward: head, body in two buffers, end; the Hit to send instead, or null. */
    static CacheLookup.Hit answer(Forward forward, int status, String body, String... namesAndValues) {
        HttpHeaders headers = headers(namesAndValues);
        if (!headers.contains("content-length") && status != 204 && status != 304) {
            headers.add("Content-Length", Integer.toString(body.length()));
        }
        CacheLookup.Hit instead = forward.response(status, reason(status), headers);
        byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);
        int half = bytes.length / 2;
        passBody(forward, Unpooled.wrappedBuffer(bytes, 0, half));
        passBody(forward, Unpooled.wrappedBuffer(bytes, half, bytes.length - half));
        forward.end();
        return instead;
    }

    /** A miss answered by the upstream with a 200 of {@code body}. */
    static void fetch(HttpCache cache, ScheduledExecutorService loop, CacheRequest request, String body,
                      String... namesAndValues) {
        Forward forward = forward(cache, request, loop);
        forward.prepare(request.headers().copy());
        assertThat(answer(forward, 200, body, namesAndValues)).isNull();
    }

    static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 304 -> "Not Modified";
            case 404 -> "Not Found";
            default -> "Status";
        };
    }

    private static void passBody(Forward forward, ByteBuf buffer) {
        int readerIndex = buffer.readerIndex();
        forward.body(buffer);
        assertThat(buffer.readerIndex()).isEqualTo(readerIndex);
        assertThat(buffer.refCnt()).isEqualTo(1);
        buffer.release();
    }

    /** A resume callback that must not be called. */
    static Consumer<CacheLookup> never() {
        return late -> {
            throw new AssertionError("resumed: " + late);
        };
    }

    static List<String> lines(ByteBuf head) {
        return List.of(text(head).split("\r\n"));
    }
}

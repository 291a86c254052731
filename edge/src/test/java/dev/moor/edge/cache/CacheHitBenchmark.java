package dev.moor.edge.cache;

import io.netty.buffer.ByteBuf;
import io.netty.channel.DefaultEventLoop;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * A cache hit as the edge's filter will make it: the request's key and directives, the lookup among 10,000 stored
 * URIs, the choice of variant, freshness and age, and the views of head and body to write. Run with
 * {@code bench/jmh.sh CacheHitBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CacheHitBenchmark {
    private DefaultEventLoop loop;
    private HttpCache cache;
    private HttpHeaders plain;
    private HttpHeaders browser;
    private HttpHeaders conditional;
    // Fields rather than constants, so the JIT cannot fold a lookup away.
    private String host = "shop.example.com";
    private String page = "/products/4242?color=blue";
    private String script = "/assets/app.4242.js";

    @Setup
    public void fill() {
        loop = new DefaultEventLoop();
        cache = HttpCache.builder().maxMemoryBytes(256L << 20).build();
        String body = "x".repeat(4096);
        for (int i = 0; i < 10_000; i++) {
            store("/products/" + i + "?color=blue", new DefaultHttpHeaders(), body, "max-age=3600", null);
            store("/assets/app." + i + ".js", new DefaultHttpHeaders().add("accept-encoding", "gzip, deflate, br, zstd"), body,
                    "public, max-age=31536000, immutable", "Accept-Encoding");
        }
        plain = new DefaultHttpHeaders().add("host", host).add("user-agent", "wrk").add("accept", "*/*");
        browser = new DefaultHttpHeaders().add("host", host).add("accept-encoding", "br, gzip, zstd, deflate")
                .add("accept", "*/*").add("user-agent", "Mozilla/5.0");
        conditional = new DefaultHttpHeaders().add("host", host).add("if-none-match", "\"4242\"");
    }

    private void store(String target, HttpHeaders request, String body, String cacheControl, String vary) {
        CacheLookup lookup = cache.lookup(CacheRequest.of(HttpMethod.GET, "https", host, target, request), loop,
                late -> { });
        Forward forward = (Forward) lookup;
        HttpHeaders response = new DefaultHttpHeaders().add("content-type", "text/html; charset=utf-8")
                .add("cache-control", cacheControl).add("etag", "\"4242\"").add("content-length", body.length());
        if (vary != null) {
            response.add("vary", vary);
        }
        forward.response(200, "OK", response);
        forward.body(io.netty.buffer.Unpooled.wrappedBuffer(body.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
        forward.end();
    }

    @TearDown
    public void stop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private ByteBuf hit(String target, HttpHeaders headers) {
        CacheLookup.Hit hit = (CacheLookup.Hit) cache.lookup(CacheRequest.of(HttpMethod.GET, "https", host, target, headers),
                loop, late -> { });
        return hit.http1Head();
    }

    /** A page without Vary, for a request without Cache-Control. */
    @Benchmark
    public ByteBuf hit() {
        return hit(page, plain);
    }

    /** An asset varied by Accept-Encoding, for a browser's request. */
    @Benchmark
    public ByteBuf variantHit() {
        return hit(script, browser);
    }

    /** A client's If-None-Match answered with 304 from the stored response. */
    @Benchmark
    public ByteBuf notModified() {
        return hit(page, conditional);
    }
}

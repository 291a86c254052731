package dev.moor.edge;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(NettyLeaks.class)
class StreamingTest {
    private static final long LARGE = 50L * 1024 * 1024;

    @RegisterExtension
    final Backend backend = new Backend("app");
    @RegisterExtension
    final Edge edge = new Edge(2);

    @Test
    void sequentialRequestsReuseOneUpstreamConnection() {
        edge.update(Snapshots.single(backend));

        for (int i = 0; i < 50; i++) {
            assertThat(edge.get("/r" + i).statusCode()).isEqualTo(200);
        }

        assertThat(backend.requests()).hasSize(50);
        assertThat(backend.connectionsAccepted()).isEqualTo(1);
    }

    @Test
    void concurrentClientsNeedNoMoreUpstreamConnectionsThanTheyAre() throws Exception {
        edge.update(Snapshots.single(backend));
        int clients = 4;
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<Integer>> results = new java.util.ArrayList<>();
            for (int c = 0; c < clients; c++) {
                results.add(pool.submit(() -> {
                    try (java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                            .version(java.net.http.HttpClient.Version.HTTP_1_1).build()) {
                        int ok = 0;
                        for (int i = 0; i < 25; i++) {
                            if (client.send(HttpRequest.newBuilder(edge.uri("/x")).build(), BodyHandlers.ofString())
                                    .statusCode() == 200) {
                                ok++;
                            }
                        }
                        return ok;
                    }
                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get()).isEqualTo(25);
            }
        }
        assertThat(backend.requests()).hasSize(100);
        assertThat(backend.connectionsAccepted()).isBetween(1, clients);
    }

    @Test
    void chunkedRequestBodyIsStreamedAsItArrives() throws Exception {
        edge.update(Snapshots.single(backend));
        try (Socket socket = new Socket("127.0.0.1", edge.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /upload HTTP/1.1\r\nHost: edge\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();

            // The backend has the first chunk while the client has not finished the body.
            await().atMost(Duration.ofSeconds(5)).until(() -> !backend.requests().isEmpty()
                    && backend.lastRequest().bodyBytes == 5);
            assertThat(backend.lastRequest().complete).isFalse();
            assertThat(backend.lastRequest().headers.get("Transfer-Encoding")).isEqualTo("chunked");

            out.write("6\r\n world\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            await().atMost(Duration.ofSeconds(5)).until(() -> backend.lastRequest().complete);
            assertThat(backend.lastRequest().body()).isEqualTo("hello world");
        }
    }

    @Test
    void chunkedResponseIsStreamedChunkByChunk() throws Exception {
        AtomicReference<ChannelHandlerContext> upstream = new AtomicReference<>();
        backend.respond((request, ctx) -> {
            upstream.set(ctx);
            HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            ctx.write(head);
            ctx.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer("first;", StandardCharsets.UTF_8)));
        });
        edge.update(Snapshots.single(backend));

        try (Socket socket = new Socket("127.0.0.1", edge.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("GET /stream HTTP/1.1\r\nHost: edge\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String received = readUntil(in, "first;");
            assertThat(received).startsWith("HTTP/1.1 200").containsIgnoringCase("transfer-encoding: chunked");

            ChannelHandlerContext ctx = upstream.get();
            ctx.executor().execute(() -> {
                ctx.write(new DefaultHttpContent(Unpooled.copiedBuffer("second", StandardCharsets.UTF_8)));
                ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
            });
            assertThat(readUntil(in, "0\r\n\r\n")).contains("second");
        }
    }

    private static String readUntil(InputStream in, String marker) throws java.io.IOException {
        StringBuilder text = new StringBuilder();
        while (text.indexOf(marker) < 0) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("closed before '" + marker + "', got: " + text);
            }
            text.append((char) b);
        }
        return text.toString();
    }

    @Test
    void largeUploadIsStreamedWithBackPressure() throws Exception {
        backend.pauseReadingOnConnect(Duration.ofSeconds(1));
        backend.respond((request, ctx) -> ctx.writeAndFlush(Backend.full(200, request.bodyBytes + " " + request.sha256, request)));
        edge.update(Snapshots.single(backend));
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] body = new byte[(int) LARGE];
        for (int i = 0; i < body.length; i++) {
            body[i] = Backend.pattern(i);
        }
        String expected = LARGE + " " + HexFormat.of().formatHex(digest.digest(body));

        MemoryWatch memory = MemoryWatch.start();
        String answer = edge.send(HttpRequest.newBuilder(edge.uri("/upload"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build()).body();
        long peak = memory.stop();

        assertThat(answer).isEqualTo(expected);
        assertThat(peak).as("pooled direct memory the edge used beyond its baseline").isLessThan(LARGE / 4);
    }

    @Test
    void largeDownloadIsStreamedWithBackPressure() throws Exception {
        backend.respond(Backend.stream(LARGE));
        edge.update(Snapshots.single(backend));

        MemoryWatch memory = MemoryWatch.start();
        try (Socket socket = new Socket("127.0.0.1", edge.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET /big HTTP/1.1\r\nHost: edge\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            Thread.sleep(1000);   // a slow client: the edge must stop reading from the backend meanwhile
            InputStream in = socket.getInputStream();
            String head = readUntil(in, "\r\n\r\n");
            assertThat(head).startsWith("HTTP/1.1 200").contains("content-length: " + LARGE);
            byte[] buffer = new byte[65536];
            long received = 0;
            while (received < LARGE) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, LARGE - received));
                assertThat(n).as("bytes after %d", received).isPositive();
                for (int i = 0; i < n; i++) {
                    if (buffer[i] != Backend.pattern(received + i)) {
                        throw new AssertionError("byte " + (received + i) + " differs");
                    }
                }
                received += n;
            }
        }
        long peak = memory.stop();
        assertThat(peak).as("pooled direct memory the edge used beyond its baseline").isLessThan(LARGE / 4);
    }

    /** Samples the pooled allocator's direct memory in the background; reports the peak above the start. */
    private static final class MemoryWatch {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong peak = new AtomicLong();
        private final CompletableFuture<Void> sampler;

        private MemoryWatch(long baseline) {
            sampler = CompletableFuture.runAsync(() -> {
                while (running.get()) {
                    peak.accumulateAndGet(used() - baseline, Math::max);
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        static MemoryWatch start() {
            return new MemoryWatch(used());
        }

        private static long used() {
            return PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory();
        }

        long stop() {
            running.set(false);
            sampler.join();
            return peak.get();
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        backend.respond((request, ctx) -> {
            Duration delay = request.uri.equals("/1") ? Duration.ofMillis(300) : Duration.ZERO;
            Backend.delayed(delay, Backend.text(200, request.uri)).respond(request, ctx);
        });
        edge.update(Snapshots.single(backend));
        try (RawHttp raw = new RawHttp(edge.port())) {
            String responses = raw.send("GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\n"
                    + "GET /3 HTTP/1.1\r\nHost: a\r\n\r\n").readResponses(3);

            assertThat(responses.indexOf("\r\n\r\n/1")).isLessThan(responses.indexOf("\r\n\r\n/2"));
            assertThat(responses.indexOf("\r\n\r\n/2")).isLessThan(responses.indexOf("\r\n\r\n/3"));
            assertThat(responses.indexOf("\r\n\r\n/1")).isPositive();
        }
    }

    @Test
    void headResponseHasNoBodyAndTheConnectionStaysUsable() throws Exception {
        edge.update(Snapshots.single(backend));
        try (RawHttp raw = new RawHttp(edge.port())) {
            String responses = raw.send("HEAD /h HTTP/1.1\r\nHost: a\r\n\r\nGET /g HTTP/1.1\r\nHost: a\r\n\r\n")
                    .readUntilEnding("\r\n\r\napp");

            int second = responses.indexOf("HTTP/1.1 200", 1);
            assertThat(responses).startsWith("HTTP/1.1 200");
            assertThat(responses.substring(0, second)).containsIgnoringCase("content-length: 3").endsWith("\r\n\r\n");
            assertThat(backend.requests()).extracting(r -> r.method).containsExactly("HEAD", "GET");
        }
    }

    @Test
    void http10ClientGetsAClosedConnectionUnlessItAsksForKeepAlive() throws Exception {
        edge.update(Snapshots.single(backend));
        try (RawHttp raw = new RawHttp(edge.port())) {
            String response = raw.send("GET /old HTTP/1.0\r\n\r\n").readUntilClosed();
            assertThat(response).startsWith("HTTP/1.1 200").containsIgnoringCase("connection: close").endsWith("app");
        }
        try (RawHttp raw = new RawHttp(edge.port())) {
            String responses = raw.send("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"
                    + "GET /b HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").readResponses(2);
            assertThat(responses).containsIgnoringCase("connection: keep-alive");
            assertThat(responses.split("HTTP/1.1 200", -1)).hasSize(3);
        }
        assertThat(backend.requests()).allSatisfy(request -> assertThat(request.headers.get("Connection")).isNull());
    }

    @Test
    void closeDelimitedUpstreamBodyIsRechunkedAndTheClientConnectionStays() throws Exception {
        backend.respond((request, ctx) -> {
            HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.write(head);
            ctx.write(new DefaultHttpContent(Unpooled.copiedBuffer("until-close", StandardCharsets.UTF_8)));
            ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
        });
        edge.update(Snapshots.single(backend));

        var first = edge.get("/1");
        var second = edge.get("/2");

        assertThat(first.body()).isEqualTo("until-close");
        assertThat(second.body()).isEqualTo("until-close");
        assertThat(backend.connectionsAccepted()).isEqualTo(2);
    }

    @Test
    void expectContinueIsPassedThrough() {
        backend.respond((request, ctx) -> ctx.writeAndFlush(Backend.full(200, "got " + request.bodyBytes, request)));
        edge.update(Snapshots.single(backend));

        Curl.Result result = Curl.run("--expect100-timeout", "20", "--max-time", "10", "-H", "Expect: 100-continue",
                "--data-binary", "x".repeat(5000), "http://127.0.0.1:" + edge.port() + "/upload");

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.body()).isEqualTo("got 5000");
    }
}

package dev.moor.edge;

import dev.moor.snapshot.RetryPolicy;
import dev.moor.snapshot.Timeouts;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(NettyLeaks.class)
class Http2Test {
    @RegisterExtension
    final Backend backend = new Backend("app");
    @RegisterExtension
    final Backend uploads = new Backend("uploads");
    @RegisterExtension
    final Edge edge = new Edge(2);

    private String url(String path) {
        return "http://127.0.0.1:" + edge.port() + path;
    }

    private String authority() {
        return "127.0.0.1:" + edge.port();
    }

    @Test
    void priorKnowledgeRequestIsProxiedToTheHttp11BackendWithForwardingHeaders() {
        edge.update(Snapshots.single(backend));

        Curl.Result result = Curl.run("--http2-prior-knowledge", "-H", "traceparent: 00-abc-def-01", url("/hello?x=1"));

        assertThat(result.head()).startsWith("HTTP/2 200");
        assertThat(result.body()).isEqualTo("app");
        assertThat(result.header("x-request-id")).isNotBlank();
        assertThat(result.head()).doesNotContainIgnoringCase("connection:").doesNotContainIgnoringCase("keep-alive");
        HttpHeaders received = backend.lastRequest().headers;
        assertThat(backend.lastRequest().uri).isEqualTo("/hello?x=1");
        assertThat(received.getAll("Host")).containsExactly(authority());
        assertThat(received.get("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(received.get("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(received.get("X-Forwarded-Host")).isEqualTo(authority());
        assertThat(received.get("X-Forwarded-Port")).isEqualTo(String.valueOf(edge.port()));
        assertThat(received.get("Forwarded")).isEqualTo("for=127.0.0.1;proto=http;host=\"" + authority() + "\"");
        assertThat(received.get("traceparent")).isEqualTo("00-abc-def-01");
        assertThat(received.get("X-Request-Id")).isEqualTo(result.header("x-request-id"));
        assertThat(received.names()).noneMatch(name -> name.toLowerCase().startsWith("x-http2-"));
        AccessLogEntry entry = edge.accessLog.getLast();
        assertThat(entry.protocol()).isEqualTo("HTTP/2");
        assertThat(entry.status()).isEqualTo(200);
        assertThat(entry.path()).isEqualTo("/hello?x=1");
        assertThat(entry.route()).isEqualTo("all");
    }

    @Test
    void theUpstreamsResponseHeadBecomesLowerCaseHttp2HeadersWithoutItsHopByHopLines() {
        edge.update(Snapshots.single(backend));
        backend.respond(Backend.raw("HTTP/1.1 201 Created\r\nX-Backend-Name:  One Two \t\r\nConnection: keep-alive, X-Secret\r\n"
                + "X-Secret: hop\r\nKeep-Alive: timeout=5\r\nSet-Cookie: a=1\r\nset-cookie: b=2\r\n"
                + "X-Request-Id: from-upstream\r\nContent-Length: 2\r\n\r\nok"));

        Curl.Result result = Curl.run("--http2-prior-knowledge", url("/made"));

        assertThat(result.head()).startsWith("HTTP/2 201");
        assertThat(result.body()).isEqualTo("ok");
        assertThat(result.head()).contains("\nx-backend-name: One Two\r\n").contains("\nset-cookie: a=1\r\n")
                .contains("\nset-cookie: b=2\r\n").contains("\ncontent-length: 2\r\n")
                .doesNotContainIgnoringCase("x-secret").doesNotContainIgnoringCase("keep-alive")
                .doesNotContainIgnoringCase("connection:").doesNotContain("from-upstream");
        assertThat(result.header("x-request-id")).isEqualTo(edge.accessLog.getLast().requestId());
    }

    @Test
    void responseHeadersNeverEnterTheDynamicTableEvenWhenTheClientOffersOne() throws Exception {
        edge.update(Snapshots.single(backend));
        int requests = 3;
        List<byte[]> blocks = new ArrayList<>();
        try (Socket socket = new Socket("127.0.0.1", edge.port())) {
            socket.setSoTimeout(10_000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            // SETTINGS_HEADER_TABLE_SIZE = 4096: the client would keep a table for the edge's headers.
            writeFrame(out, 0x4, 0, 0, new byte[] {0, 1, 0, 0, 0x10, 0});
            DefaultHttp2HeadersEncoder encoder = new DefaultHttp2HeadersEncoder();
            for (int i = 0; i < requests; i++) {
                ByteBuf block = Unpooled.buffer();
                encoder.encodeHeaders(1 + 2 * i, new DefaultHttp2Headers().method("GET").scheme("http")
                        .authority(authority()).path("/same"), block);
                byte[] bytes = new byte[block.readableBytes()];
                block.readBytes(bytes);
                block.release();
                writeFrame(out, 0x1, 0x1 | 0x4, 1 + 2 * i, bytes);
            }
            out.flush();

            DataInputStream in = new DataInputStream(socket.getInputStream());
            int ended = 0;
            while (ended < requests) {
                int length = in.readUnsignedByte() << 16 | in.readUnsignedShort();
                int type = in.readUnsignedByte();
                int flags = in.readUnsignedByte();
                in.readInt();
                byte[] payload = in.readNBytes(length);
                if (type == 0x1) {
                    assertThat(flags & 0x4).as("END_HEADERS: no CONTINUATION").isNotZero();
                    blocks.add(payload);
                }
                if ((type == 0x0 || type == 0x1) && (flags & 0x1) != 0) {
                    ended++;
                }
            }
        }

        assertThat(blocks).hasSize(requests);
        for (byte[] block : blocks) {
            // A fresh decoder knows only the static table: any reference to an earlier response's entries fails.
            ByteBuf buffer = Unpooled.wrappedBuffer(block);
            Http2Headers headers = new DefaultHttp2HeadersDecoder(true).decodeHeaders(1, buffer);
            buffer.release();
            assertThat(headers.status()).hasToString("200");
            assertThat(headers.get("x-request-id")).isNotNull();
        }
    }

    private static void writeFrame(DataOutputStream out, int type, int flags, int stream, byte[] payload) throws IOException {
        out.writeByte(payload.length >>> 16);
        out.writeShort(payload.length & 0xffff);
        out.writeByte(type);
        out.writeByte(flags);
        out.writeInt(stream);
        out.write(payload);
    }

    @Test
    void upgradeFromHttp11ServesTheFirstRequestAndLaterOnesOverHttp2() {
        edge.update(Snapshots.single(backend));

        Curl.Result result = Curl.run("--http2", url("/first"), url("/second"));

        assertThat(result.head()).startsWith("HTTP/2 200");
        assertThat(result.body()).startsWith("app").contains("HTTP/2 200").endsWith("app");
        assertThat(backend.requests()).extracting(request -> request.uri).containsExactly("/first", "/second");
        assertThat(backend.requests()).allSatisfy(request -> {
            assertThat(request.headers.contains("Upgrade")).isFalse();
            assertThat(request.headers.contains("HTTP2-Settings")).isFalse();
            assertThat(request.headers.contains("Connection")).isFalse();
            assertThat(request.headers.getAll("Host")).containsExactly(authority());
        });
        assertThat(edge.accessLog).extracting(AccessLogEntry::protocol).containsExactly("HTTP/2", "HTTP/2");
    }

    @Test
    void anH2cUpgradeThatCannotBeHonouredIsServedAsHttp11() throws Exception {
        edge.update(Snapshots.single(backend));
        try (RawHttp raw = new RawHttp(edge.port())) {
            String responses = raw.send("GET /no-settings HTTP/1.1\r\nHost: a\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                            + "Upgrade: h2c\r\n\r\n"
                            + "GET /next HTTP/1.1\r\nHost: a\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
                            + "HTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\n\r\n")
                    .readResponses(2);

            // Only a connection's first request may upgrade, and that one lacked its HTTP2-Settings.
            assertThat(responses).startsWith("HTTP/1.1 200").doesNotContain("HTTP/1.1 101");
            assertThat(responses.split("HTTP/1.1 200", -1)).hasSize(3);
        }
        assertThat(backend.requests()).extracting(request -> request.uri).containsExactly("/no-settings", "/next");
        assertThat(backend.requests()).allSatisfy(request -> {
            assertThat(request.headers.contains("Upgrade")).isFalse();
            assertThat(request.headers.contains("HTTP2-Settings")).isFalse();
        });
        assertThat(edge.accessLog).extracting(AccessLogEntry::protocol).containsExactly("HTTP/1.1", "HTTP/1.1");
    }

    @Test
    void anUpgradeRequestWithABodyIsServedAsHttp11() {
        backend.respond((request, ctx) -> ctx.writeAndFlush(Backend.full(200, "got " + request.bodyBytes, request)));
        edge.update(Snapshots.single(backend));

        Curl.Result result = Curl.run("--http2", "--data-binary", "x".repeat(3000), url("/upload"));

        assertThat(result.head()).startsWith("HTTP/1.1 200");
        assertThat(result.body()).isEqualTo("got 3000");
        assertThat(backend.lastRequest().headers.contains("Upgrade")).isFalse();
    }

    @Test
    void aRequestBodyIsForwardedWhole(@TempDir Path directory) throws Exception {
        backend.respond((request, ctx) -> ctx.writeAndFlush(Backend.full(200, request.bodyBytes + " " + request.sha256, request)));
        edge.update(Snapshots.single(backend));
        byte[] body = new byte[3 * 1024 * 1024];
        for (int i = 0; i < body.length; i++) {
            body[i] = Backend.pattern(i);
        }
        Path file = Files.write(directory.resolve("body"), body);

        Curl.Result result = Curl.run("--http2-prior-knowledge", "--data-binary", "@" + file, url("/upload"));

        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        assertThat(result.head()).startsWith("HTTP/2 200");
        assertThat(result.body()).isEqualTo(body.length + " " + sha);
        assertThat(backend.lastRequest().method).isEqualTo("POST");
        assertThat(edge.accessLog.getLast().bytesIn()).isEqualTo(body.length);
    }

    @Test
    void headResponseCarriesNoBody() {
        edge.update(Snapshots.single(backend));

        Curl.Result result = Curl.run("--http2-prior-knowledge", "-I", url("/h"));

        assertThat(result.head()).startsWith("HTTP/2 200").contains("content-length: 3");
        assertThat(result.body()).isEmpty();
        assertThat(backend.lastRequest().method).isEqualTo("HEAD");
    }

    @Test
    void h2loadRequestsOnConcurrentStreamsAllComplete() {
        edge.update(Snapshots.single(backend));

        H2Load.Result result = H2Load.run("-n", "1000", "-c", "4", "-m", "10", url("/x"));

        assertThat(result.succeeded()).as(result.output()).isEqualTo(1000);
        assertThat(result.status2xx()).isEqualTo(1000);
        assertThat(backend.requests()).hasSize(1000);
        await().atMost(Duration.ofSeconds(5)).until(() -> edge.accessLog.size() == 1000);
        assertThat(edge.accessLog).allSatisfy(entry -> {
            assertThat(entry.protocol()).isEqualTo("HTTP/2");
            assertThat(entry.status()).isEqualTo(200);
        });
        edge.server().publishMeters();
        assertThat(edge.registry.get("moor.edge.requests").tag("route", "all").tag("status_class", "2xx")
                .counter().count()).isEqualTo(1000);
    }

    @Test
    void manyConcurrentStreamsOnOneConnectionAllComplete() {
        edge.update(Snapshots.single(backend));

        H2Load.Result result = H2Load.run("-n", "2000", "-c", "1", "-m", "200", url("/many"));

        assertThat(result.succeeded()).as(result.output()).isEqualTo(2000);
        assertThat(result.status2xx()).isEqualTo(2000);
        assertThat(backend.requests()).hasSize(2000);
    }

    @Test
    void settingsAdvertiseTheStreamAndHeaderLimits() {
        edge.update(Snapshots.single(backend));
        try (H2Client client = new H2Client(edge.port())) {
            Http2Settings settings = client.settings.orTimeout(5, TimeUnit.SECONDS).join();

            assertThat(settings.maxConcurrentStreams()).isEqualTo(256);
            assertThat(settings.maxHeaderListSize()).isEqualTo(64 * 1024);
        }
    }

    @Test
    void closingTheEdgeSendsGoAwayAndLetsTheStreamInFlightFinish() {
        backend.respond(Backend.delayed(Duration.ofMillis(2500), Backend.text(200, "finished")));
        edge.update(Snapshots.single(backend));
        try (H2Client client = new H2Client(edge.port())) {
            H2Client.Stream inFlight = client.get("/slow", authority());
            await().atMost(Duration.ofSeconds(5)).until(() -> !backend.requests().isEmpty());

            CompletableFuture<Void> closed = CompletableFuture.runAsync(edge.server()::close);

            assertThat(client.goAway.orTimeout(5, TimeUnit.SECONDS).join()).isEqualTo(inFlight.channel.stream().id());
            assertThat(inFlight.response).as("GOAWAY came before the response").isNotDone();
            H2Client.Response response = inFlight.await();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("finished");
            closed.orTimeout(10, TimeUnit.SECONDS).join();
        }
    }

    @Test
    void aRequestBodyIsStreamedFrameByFrame() {
        backend.respond((request, ctx) -> ctx.writeAndFlush(Backend.full(200, "got " + request.body(), request)));
        edge.update(Snapshots.single(backend));
        try (H2Client client = new H2Client(edge.port())) {
            H2Client.Stream stream = client.open();
            stream.headers(H2Client.request("POST", "/upload", authority()), false);
            stream.data("hello", false);

            // The backend has the first frame while the client has not finished the body.
            await().atMost(Duration.ofSeconds(5)).until(() -> !backend.requests().isEmpty()
                    && backend.lastRequest().bodyBytes == 5);
            assertThat(backend.lastRequest().complete).isFalse();
            assertThat(backend.lastRequest().headers.get("Transfer-Encoding")).isEqualTo("chunked");

            stream.data(" world", true);
            H2Client.Response response = stream.await();

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("got hello world");
            assertThat(backend.lastRequest().body()).isEqualTo("hello world");
        }
    }

    @Test
    void anUploadWhoseUpstreamStopsReadingHoldsBackOnlyItsOwnStream() throws Exception {
        long size = 32L * 1024 * 1024;
        uploads.pauseReadingOnConnect(Duration.ofSeconds(4));
        uploads.respond((request, ctx) -> ctx.writeAndFlush(Backend.full(200, request.bodyBytes + " " + request.sha256, request)));
        edge.update(Snapshots.snapshot(List.of(Snapshots.route("app", "/", "app"),
                Snapshots.route("uploads", "/upload", "uploads")), Snapshots.cluster("app", backend.endpoint()),
                Snapshots.cluster("uploads", uploads.endpoint())));
        byte[] piece = new byte[1024 * 1024];
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (long offset = 0; offset < size; offset += piece.length) {
            for (int i = 0; i < piece.length; i++) {
                piece[i] = Backend.pattern(offset + i);
            }
            digest.update(piece);
        }
        String sha = HexFormat.of().formatHex(digest.digest());
        try (H2Client client = new H2Client(edge.port())) {
            H2Client.Stream upload = client.open();
            upload.headers(H2Client.request("POST", "/upload", authority()).set("content-length", String.valueOf(size)),
                    false);
            CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
                byte[] bytes = new byte[piece.length];
                for (long offset = 0; offset < size; offset += bytes.length) {
                    for (int i = 0; i < bytes.length; i++) {
                        bytes[i] = Backend.pattern(offset + i);
                    }
                    upload.data(bytes, offset + bytes.length == size);
                }
            });
            // The upload is under way and has used up the window the edge gave its stream.
            await().atMost(Duration.ofSeconds(10)).until(() -> sent.isDone() || upload.sendWindow() == 0);
            assertThat(sent).as("the upload, held back by its stream's window").isNotDone();

            for (int i = 0; i < 10; i++) {
                H2Client.Response response = client.get("/fast" + i, authority()).await();
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("app");
            }
            // Unthrottled, the whole body would be sent well within this second; watched all through it.
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2))
                    .until(() -> uploads.requests().isEmpty() && !sent.isDone());
            assertThat(uploads.requests()).as("the upload's upstream has read nothing yet").isEmpty();
            assertThat(sent).as("the upload, held back by its stream's window while its upstream reads nothing")
                    .isNotDone();
            assertThat(upload.sendWindow()).as("the upload's stream waits for a WINDOW_UPDATE").isZero();
            H2Client.Response response = upload.await();

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(size + " " + sha);
            assertThat(edge.accessLog).filteredOn(entry -> entry.path().equals("/upload"))
                    .extracting(AccessLogEntry::bytesIn).containsExactly(size);
        }
    }

    @Test
    void anAnswerBeforeTheRequestBodyEndedIsFollowedByAResetWithNoError() {
        edge.update(Snapshots.snapshot(List.of(Snapshots.route("gone", "/", "empty")), Snapshots.cluster("empty")));
        try (H2Client client = new H2Client(edge.port())) {
            H2Client.Stream stream = client.open();
            // A request whose body is still to come (no END_STREAM), answered at once: nothing serves the route.
            stream.headers(H2Client.request("POST", "/upload", authority()), false);

            H2Client.Response response = stream.await();

            assertThat(response.status()).isEqualTo(503);
            assertThat(stream.reset.orTimeout(5, TimeUnit.SECONDS).join())
                    .as("RFC 9113 8.1: the client may stop sending, the response is complete")
                    .isEqualTo(Http2Error.NO_ERROR);
            assertThat(client.get("/next", authority()).await().status()).isEqualTo(503);
        }
    }

    @Test
    void aStreamIdleForItsTimeoutIsAnswered408WhileTheOthersAreServed() {
        Timeouts shortIdle = new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMillis(500));
        edge.update(Snapshots.snapshot(List.of(Snapshots.withTimeouts(Snapshots.route("all", "/", "app"), shortIdle)),
                Snapshots.cluster("app", backend.endpoint())));
        try (H2Client client = new H2Client(edge.port())) {
            H2Client.Stream stalled = client.open();
            stalled.headers(H2Client.request("POST", "/upload", authority()), false);
            stalled.data("half", false);
            long start = System.nanoTime();

            H2Client.Response served = client.get("/other", authority()).await();
            H2Client.Response answered = stalled.await();

            assertThat(served.status()).isEqualTo(200);
            assertThat(answered.status()).isEqualTo(408);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(400), Duration.ofSeconds(4));
            await().atMost(Duration.ofSeconds(5)).until(() -> edge.accessLog.size() == 2);
            assertThat(edge.accessLog).extracting(AccessLogEntry::status).containsExactlyInAnyOrder(200, 408);
        }
    }

    @Test
    void eachStreamGetsItsOwnRoutesResponseTimeoutOnASharedConnection() {
        backend.respond(Backend.delayed(Duration.ofMillis(2000), Backend.text(200, "late")));
        Timeouts patient = new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(30));
        Timeouts impatient = new Timeouts(Duration.ofSeconds(1), Duration.ofMillis(300), Duration.ofSeconds(30));
        RetryPolicy noRetry = new RetryPolicy(0, 20, 10);
        edge.update(Snapshots.snapshot(List.of(
                Snapshots.withRetry(Snapshots.withTimeouts(Snapshots.route("patient", "/patient", "app"), patient), noRetry),
                Snapshots.withRetry(Snapshots.withTimeouts(Snapshots.route("impatient", "/impatient", "app"), impatient), noRetry)),
                Snapshots.cluster("app", backend.endpoint())));
        try (H2Client client = new H2Client(edge.port())) {
            // The first stream's deadline (10 s) is armed first; the second's (300 ms) must still fire on time.
            H2Client.Stream first = client.get("/patient", authority());
            await().atMost(Duration.ofSeconds(5)).until(() -> backend.requests().size() == 1);
            long start = System.nanoTime();
            H2Client.Stream second = client.get("/impatient", authority());

            H2Client.Response timedOut = second.await();
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            H2Client.Response served = first.await();

            assertThat(timedOut.status()).isEqualTo(504);
            assertThat(waited).isBetween(Duration.ofMillis(250), Duration.ofMillis(1500));
            assertThat(served.status()).isEqualTo(200);
            assertThat(served.body()).isEqualTo("late");
        }
    }

    @Test
    void aSlowStreamDoesNotHoldBackTheOthersOnItsConnection() {
        backend.respond((request, ctx) -> {
            Duration delay = request.uri.equals("/slow") ? Duration.ofSeconds(3) : Duration.ZERO;
            Backend.delayed(delay, Backend.text(200, request.uri)).respond(request, ctx);
        });
        edge.update(Snapshots.snapshot(List.of(Snapshots.route("app", "/", "app"),
                Snapshots.route("gone", "/gone", "empty")), Snapshots.cluster("app", backend.endpoint()),
                Snapshots.cluster("empty")));
        try (H2Client client = new H2Client(edge.port())) {
            H2Client.Stream slow = client.get("/slow", authority());
            H2Client.Stream failing = client.get("/gone", authority());
            List<H2Client.Stream> fast = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                fast.add(client.get("/fast" + i, authority()));
            }

            for (int i = 0; i < fast.size(); i++) {
                H2Client.Response response = fast.get(i).await();
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("/fast" + i);
            }
            assertThat(failing.await().status()).isEqualTo(503);
            assertThat(slow.response).as("the slow stream is still waiting").isNotDone();
            assertThat(slow.await().body()).isEqualTo("/slow");
        }
    }

    @Test
    void aLargeDownloadFollowsTheClientsFlowControl() throws Exception {
        long size = 32L * 1024 * 1024;
        backend.respond(Backend.stream(size));
        edge.update(Snapshots.single(backend));
        AtomicLong received = new AtomicLong();
        AtomicLong mismatches = new AtomicLong();
        try (H2Client client = new H2Client(edge.port())) {
            H2Client.Stream stream = client.open(content -> {
                long offset = received.getAndAdd(content.length);
                for (int i = 0; i < content.length; i++) {
                    if (content[i] != Backend.pattern(offset + i)) {
                        mismatches.incrementAndGet();
                    }
                }
            });
            stream.channel.config().setAutoRead(false);
            long baseline = PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory();
            stream.headers(H2Client.request("GET", "/big", authority()), true);

            // A client that reads nothing for a second: the edge must stop reading the backend meanwhile.
            Thread.sleep(1000);
            long heldWhilePaused = PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory() - baseline;
            stream.channel.config().setAutoRead(true);
            H2Client.Response response = stream.await();

            assertThat(response.status()).isEqualTo(200);
            assertThat(received.get()).isEqualTo(size);
            assertThat(mismatches.get()).isZero();
            assertThat(heldWhilePaused).as("pooled direct memory held while the client did not read")
                    .isLessThan(size / 4);
        }
    }

    @Test
    void anInvalidHeaderNameResetsOnlyItsStream() {
        edge.update(Snapshots.single(backend));
        try (H2Client client = new H2Client(edge.port())) {
            H2Client.Stream bad = client.open();
            bad.headers(H2Client.request("GET", "/bad", authority()).add("Bad-Name", "x"), true);

            assertThat(bad.await().reset()).isEqualTo(Http2Error.PROTOCOL_ERROR);
            assertThat(client.get("/good", authority()).await().status()).isEqualTo(200);
            assertThat(backend.requests()).extracting(request -> request.uri).containsExactly("/good");
        }
    }

    @Test
    void anInvalidHeaderValueResetsTheStream() {
        edge.update(Snapshots.single(backend));
        try (H2Client client = new H2Client(edge.port())) {
            H2Client.Stream bad = client.open();
            bad.headers(H2Client.request("GET", "/bad", authority()).add("x-injected", "a\r\nevil: 1"), true);

            assertThat(bad.await().reset()).isEqualTo(Http2Error.PROTOCOL_ERROR);
            assertThat(backend.requests()).isEmpty();
        }
    }

    @Test
    void aConnectionSpecificHeaderResetsTheStream() {
        edge.update(Snapshots.single(backend));
        try (H2Client client = new H2Client(edge.port())) {
            H2Client.Stream bad = client.open();
            bad.headers(H2Client.request("POST", "/smuggle", authority()).add("transfer-encoding", "chunked"), false);

            assertThat(bad.await().reset()).isEqualTo(Http2Error.PROTOCOL_ERROR);
            assertThat(backend.requests()).isEmpty();
        }
    }

    @Test
    void aBodyShorterThanItsContentLengthResetsTheStreamAndNeverCompletesUpstream() {
        edge.update(Snapshots.single(backend));
        try (H2Client client = new H2Client(edge.port())) {
            H2Client.Stream stream = client.open();
            stream.headers(H2Client.request("POST", "/short", authority()).add("content-length", "10"), false);
            stream.data("12345", true);

            assertThat(stream.await().reset()).isEqualTo(Http2Error.PROTOCOL_ERROR);
            assertThat(client.get("/after", authority()).await().status()).isEqualTo(200);
        }
        assertThat(edge.accessLog).filteredOn(entry -> entry.path().equals("/short"))
                .singleElement().extracting(AccessLogEntry::status).isEqualTo(400);
        assertThat(backend.requests()).filteredOn(request -> request.uri.equals("/short"))
                .allSatisfy(request -> assertThat(request.complete).isFalse());
    }

    @Test
    void aBodyLongerThanItsContentLengthResetsTheStream() {
        edge.update(Snapshots.single(backend));
        try (H2Client client = new H2Client(edge.port())) {
            H2Client.Stream stream = client.open();
            stream.headers(H2Client.request("POST", "/long", authority()).add("content-length", "3"), false);
            stream.data("12345", true);

            assertThat(stream.await().reset()).isEqualTo(Http2Error.PROTOCOL_ERROR);
        }
        assertThat(backend.requests()).filteredOn(request -> request.uri.equals("/long"))
                .allSatisfy(request -> assertThat(request.complete).isFalse());
    }

    @Test
    void aRequestWithoutAuthorityOrHostIsRejectedWith400() {
        edge.update(Snapshots.single(backend));
        try (H2Client client = new H2Client(edge.port())) {
            H2Client.Response response = client.get("/no-host", null).await();

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.body()).contains("no Host header").contains("request_id");
            assertThat(backend.requests()).isEmpty();
            assertThat(edge.accessLog.getLast().status()).isEqualTo(400);
            assertThat(edge.accessLog.getLast().protocol()).isEqualTo("HTTP/2");
        }
    }

    @Test
    void aHostContradictingTheAuthorityIsRejected() {
        edge.update(Snapshots.single(backend));
        try (H2Client client = new H2Client(edge.port())) {
            H2Client.Stream stream = client.open();
            stream.headers(H2Client.request("GET", "/", authority()).add("host", "other.example"), true);

            H2Client.Response response = stream.await();

            assertThat(response.status()).isEqualTo(400);
            assertThat(backend.requests()).isEmpty();
        }
    }

    @Test
    void headersBeyondTheListLimitAreAnswered431() {
        edge.update(Snapshots.single(backend));
        try (H2Client client = new H2Client(edge.port())) {
            H2Client.Stream stream = client.open();
            Http2Headers headers = H2Client.request("GET", "/big-headers", authority());
            for (int i = 0; i < 20; i++) {
                headers.add("x-filler-" + i, "v".repeat(4000));
            }
            stream.headers(headers, true);

            assertThat(stream.await().status()).isEqualTo(431);
            assertThat(client.get("/after", authority()).await().status()).isEqualTo(200);
            assertThat(backend.requests()).extracting(request -> request.uri).containsExactly("/after");
        }
    }
}

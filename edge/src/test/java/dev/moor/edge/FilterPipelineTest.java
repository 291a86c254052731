package dev.moor.edge;

import dev.moor.edge.filter.BodyFilter;
import dev.moor.edge.filter.Deferred;
import dev.moor.edge.filter.FilteredRequest;
import dev.moor.edge.filter.LocalAnswer;
import dev.moor.edge.filter.RequestFilter;
import dev.moor.edge.filter.ResponseFilter;
import dev.moor.edge.filter.RouteFilters;
import dev.moor.edge.filter.StoredAnswer;
import dev.moor.snapshot.SnapshotProblem;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.moor.edge.Snapshots.cluster;
import static dev.moor.edge.Snapshots.route;
import static dev.moor.edge.Snapshots.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Request and response filters on routes, through a real edge to a real backend, over HTTP/1.x and HTTP/2. */
@ExtendWith(NettyLeaks.class)
class FilterPipelineTest {
    @RegisterExtension
    final Backend backend = new Backend("hello from the backend");
    /** Filters by route id, read when the snapshot is compiled. */
    private final Map<String, RouteFilters> filters = new ConcurrentHashMap<>();
    @RegisterExtension
    final Edge edge = new Edge(1).filters(route -> {
        if (route.id().equals("broken")) {
            throw new IllegalStateException("cannot make this route's filters");
        }
        return filters.getOrDefault(route.id(), RouteFilters.NONE);
    });

    private void serve(RouteFilters routeFilters) {
        filters.put("app", routeFilters);
        assertThat(edge.update(snapshot(List.of(route("app", "/", "app/web")), cluster("app/web", backend.endpoint()))))
                .isEmpty();
    }

    private static RouteFilters requestFilters(RequestFilter... request) {
        return new RouteFilters(List.of(request), List.of());
    }

    private static RouteFilters responseFilters(ResponseFilter... response) {
        return new RouteFilters(List.of(), List.of(response));
    }

    private String authority() {
        return "127.0.0.1:" + edge.port();
    }

    // Request filters

    @Test
    void aRequestFilterAnswersInsteadOfTheUpstreamOverBothProtocols() throws Exception {
        serve(requestFilters(request -> request.path().startsWith("/private")
                ? new LocalAnswer(403, List.of(new LocalAnswer.Header("x-blocked-by", "test")),
                        "not here\n".getBytes(StandardCharsets.UTF_8))
                : null));

        HttpResponse<String> blocked = edge.get("/private/x?y=1");
        assertThat(blocked.statusCode()).isEqualTo(403);
        assertThat(blocked.body()).isEqualTo("not here\n");
        assertThat(blocked.headers().firstValue("x-blocked-by")).hasValue("test");
        assertThat(blocked.headers().firstValue("x-request-id")).isPresent();
        try (H2Client client = new H2Client(edge.port())) {
            H2Client.Response http2 = client.get("/private", authority()).await();
            assertThat(http2.status()).isEqualTo(403);
            assertThat(http2.body()).isEqualTo("not here\n");
            assertThat(http2.headers().get("x-blocked-by")).hasToString("test");
        }
        assertThat(edge.get("/public").body()).isEqualTo("hello from the backend");
        assertThat(backend.requests()).hasSize(1);
        assertThat(edge.accessLog).extracting(AccessLogEntry::status).containsExactly(403, 403, 200);
    }

    @Test
    void aRequestFilterAnswerKeepsTheConnectionAndAHeadRequestGetsNoBody() throws Exception {
        serve(requestFilters(request -> new LocalAnswer(200, List.of(), "filtered".getBytes(StandardCharsets.UTF_8))));

        try (RawHttp raw = new RawHttp(edge.port())) {
            String response = raw.send("HEAD / HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
                    .readUntilClosed();
            assertThat(response).startsWith("HTTP/1.1 200 OK\r\n").contains("content-length: 8\r\n");
            assertThat(response.split("HTTP/1.1 200 OK", -1)).hasSize(3);
            assertThat(response).endsWith("\r\n\r\nfiltered");
            assertThat(response.indexOf("filtered")).isEqualTo(response.lastIndexOf("filtered"));
        }
        assertThat(backend.requests()).isEmpty();
    }

    @Test
    void aRequestFilterSeesTheRequestAndTheFirstAnswerWins() {
        List<String> seen = new ArrayList<>();
        AtomicInteger secondCalls = new AtomicInteger();
        serve(requestFilters(request -> {
            seen.add(request.method() + " " + request.host() + " " + request.target() + " " + request.path() + " "
                    + request.headers().get("x-test") + " " + request.clientAddress() + " " + request.port());
            return request.headers().contains("x-stop") ? new LocalAnswer(429, List.of(), new byte[0]) : null;
        }, request -> {
            secondCalls.incrementAndGet();
            return null;
        }));

        assertThat(edge.send(java.net.http.HttpRequest.newBuilder(edge.uri("/a/b?c=d")).header("x-test", "yes")
                .timeout(Duration.ofSeconds(10)).build()).statusCode()).isEqualTo(200);
        assertThat(edge.send(java.net.http.HttpRequest.newBuilder(edge.uri("/")).header("x-stop", "1")
                .timeout(Duration.ofSeconds(10)).build()).statusCode()).isEqualTo(429);

        assertThat(seen.getFirst()).isEqualTo("GET " + authority() + " /a/b?c=d /a/b yes 127.0.0.1 " + edge.port());
        assertThat(secondCalls).hasValue(1);
    }

    @Test
    void aDeferredDecisionAnswersOrLetsTheRequestGoOnWhenItComes() throws Exception {
        CompletableFuture<LocalAnswer> first = new CompletableFuture<>();
        CompletableFuture<LocalAnswer> second = new CompletableFuture<>();
        List<CompletableFuture<LocalAnswer>> decisions = List.of(first, second);
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger after = new AtomicInteger();
        serve(requestFilters(request -> new Deferred(decisions.get(calls.getAndIncrement())),
                request -> {
                    after.incrementAndGet();
                    return null;
                }));

        CompletableFuture<HttpResponse<String>> answered = sendAsync("/a");
        await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() == 1);
        assertThat(answered).isNotDone();
        Thread.ofPlatform().start(() -> first.complete(new LocalAnswer(203, List.of(), "later".getBytes(StandardCharsets.UTF_8))));
        assertThat(answered.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(203);
        assertThat(answered.get().body()).isEqualTo("later");
        assertThat(after).hasValue(0);

        CompletableFuture<HttpResponse<String>> proxied = sendAsync("/b");
        await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() == 2);
        second.complete(null);
        assertThat(proxied.get(10, TimeUnit.SECONDS).body()).isEqualTo("hello from the backend");
        assertThat(after).hasValue(1);
        assertThat(backend.requests()).hasSize(1);
    }

    @Test
    void aDeferredDecisionThatFailsIsAnswered500AndAFilterThatThrowsToo() {
        serve(requestFilters(request -> request.path().equals("/throws")
                ? failing()
                : new Deferred(CompletableFuture.failedFuture(new IllegalStateException("disk gone")))));

        assertThat(edge.get("/deferred").statusCode()).isEqualTo(500);
        assertThat(edge.get("/throws").statusCode()).isEqualTo(500);
        assertThat(backend.requests()).isEmpty();
    }

    private static LocalAnswer failing() {
        throw new IllegalStateException("broken filter");
    }

    @Test
    void aClientGoneWhileItsRequestWaitsLeavesNothingBehind() throws Exception {
        CompletableFuture<LocalAnswer> decision = new CompletableFuture<>();
        AtomicInteger calls = new AtomicInteger();
        serve(requestFilters(request -> calls.getAndIncrement() == 0 ? new Deferred(decision) : null));

        try (RawHttp raw = new RawHttp(edge.port())) {
            raw.send("GET /waits HTTP/1.1\r\nHost: a\r\n\r\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() == 1);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> edge.accessLog.size() == 1);
        decision.complete(new LocalAnswer(200, List.of(), new byte[0]));
        assertThat(edge.accessLog.getFirst().status()).isEqualTo(499);
        assertThat(edge.get("/next").body()).isEqualTo("hello from the backend");
    }

    @Test
    void aRequestFilterSetsAndRemovesHeaderLinesOfTheUpstreamRequestOnly() {
        serve(requestFilters(request -> {
            request.setUpstreamHeader("If-None-Match", "\"v2\"");
            request.removeUpstreamHeader("x-private");
            return null;
        }));

        assertThat(edge.send(java.net.http.HttpRequest.newBuilder(edge.uri("/")).header("if-none-match", "\"v1\"")
                .header("X-Private", "secret").header("x-kept", "yes").timeout(Duration.ofSeconds(10)).build())
                .statusCode()).isEqualTo(200);

        var headers = backend.lastRequest().headers;
        assertThat(headers.getAll("if-none-match")).containsExactly("\"v2\"");
        assertThat(headers.contains("x-private")).isFalse();
        assertThat(headers.get("x-kept")).isEqualTo("yes");
        assertThat(edge.accessLog.getFirst().status()).isEqualTo(200);
    }

    @Test
    void upstreamHeaderEditsOfTheEdgesOwnHeadersAreRefused() {
        List<String> refused = new ArrayList<>();
        serve(requestFilters(request -> {
            for (String name : List.of("Host", "Content-Length", "Connection", "X-Forwarded-For", "bad name")) {
                try {
                    request.setUpstreamHeader(name, "x");
                } catch (IllegalArgumentException e) {
                    refused.add(e.getMessage());
                }
            }
            return null;
        }));

        assertThat(edge.get("/").statusCode()).isEqualTo(200);
        assertThat(refused).hasSize(5).allSatisfy(message -> assertThat(message).startsWith("header name: "));
        assertThat(backend.lastRequest().headers.get("x-forwarded-for")).isEqualTo("127.0.0.1");
    }

    private CompletableFuture<HttpResponse<String>> sendAsync(String path) {
        return edge.client().sendAsync(java.net.http.HttpRequest.newBuilder(edge.uri(path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    // Response filters

    /** Removes x-secret, replaces content-type, adds x-filtered. */
    private static final ResponseFilter EDIT_HEAD = (request, head) -> {
        head.remove("X-Secret");
        head.set("content-type", "text/x-filtered");
        head.add("x-filtered", head.get("x-kept") + "/" + head.status());
        return null;
    };

    private Backend.Responder withHeaders() {
        return (request, ctx) -> {
            var response = Backend.full(200, "body", request);
            response.headers().set("x-secret", "s3cr3t").set("x-kept", "kept");
            ctx.writeAndFlush(response);
        };
    }

    @Test
    void aResponseFilterEditsTheHeadOverBothProtocols() throws Exception {
        backend.respond(withHeaders());
        serve(responseFilters(EDIT_HEAD));

        HttpResponse<String> response = edge.get("/");
        assertThat(response.body()).isEqualTo("body");
        assertThat(response.headers().map()).doesNotContainKey("x-secret");
        assertThat(response.headers().allValues("content-type")).containsExactly("text/x-filtered");
        assertThat(response.headers().firstValue("x-filtered")).hasValue("kept/200");
        assertThat(response.headers().firstValue("x-kept")).hasValue("kept");
        assertThat(response.headers().firstValue("content-length")).hasValue("4");
        try (H2Client client = new H2Client(edge.port())) {
            H2Client.Response http2 = client.get("/", authority()).await();
            assertThat(http2.body()).isEqualTo("body");
            assertThat(http2.headers().contains("x-secret")).isFalse();
            assertThat(http2.headers().getAll("content-type")).hasSize(1).first().hasToString("text/x-filtered");
            assertThat(http2.headers().get("x-filtered")).hasToString("kept/200");
        }
    }

    /** Upper-cases the body (ASCII) piece by piece, and appends a suffix at its end; counts what ended how. */
    private static final class UpperCase implements ResponseFilter {
        final String suffix;
        final AtomicInteger ended = new AtomicInteger();
        final AtomicInteger aborted = new AtomicInteger();

        UpperCase(String suffix) {
            this.suffix = suffix;
        }

        @Override
        public BodyFilter filter(FilteredRequest request, dev.moor.edge.filter.ResponseHeaders head) {
            head.remove("content-length");
            head.set("x-upper", head.contains("x-upper") ? head.get("x-upper") + "," + suffix : suffix);
            return new BodyFilter() {
                @Override
                public ByteBuf chunk(ByteBuf data) {
                    for (int i = data.readerIndex(); i < data.writerIndex(); i++) {
                        data.setByte(i, Character.toUpperCase(data.getByte(i)));
                    }
                    return data;
                }

                @Override
                public ByteBuf end() {
                    ended.incrementAndGet();
                    return Unpooled.copiedBuffer(suffix, StandardCharsets.US_ASCII);
                }

                @Override
                public void abort() {
                    aborted.incrementAndGet();
                }
            };
        }
    }

    @Test
    void aBodyFilterTransformsAWholeBodyAndTheEdgeFramesItForEachProtocol() throws Exception {
        UpperCase upper = new UpperCase("!");
        serve(responseFilters(upper));

        HttpResponse<String> response = edge.get("/");
        assertThat(response.body()).isEqualTo("HELLO FROM THE BACKEND!");
        assertThat(response.headers().firstValue("transfer-encoding")).hasValue("chunked");
        assertThat(response.headers().firstValue("content-length")).isEmpty();
        try (RawHttp raw = new RawHttp(edge.port())) {
            String http10 = raw.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").readUntilClosed();
            assertThat(http10).startsWith("HTTP/1.1 200 OK\r\n").contains("connection: close\r\n")
                    .doesNotContain("transfer-encoding").endsWith("\r\n\r\nHELLO FROM THE BACKEND!");
        }
        try (H2Client client = new H2Client(edge.port())) {
            H2Client.Response http2 = client.get("/", authority()).await();
            assertThat(http2.body()).isEqualTo("HELLO FROM THE BACKEND!");
            assertThat(http2.headers().contains("content-length")).isFalse();
        }
        assertThat(upper.ended).hasValue(3);
        assertThat(upper.aborted).hasValue(0);
    }

    @Test
    void bodyFiltersTransformAStreamedBodyInTheDocumentedOrder() {
        backend.respond(Backend.chunked(List.of("one ", "two ", "three"), Duration.ofMillis(20)));
        UpperCase first = new UpperCase("1");
        UpperCase second = new UpperCase("2");
        serve(responseFilters(first, second));

        HttpResponse<String> response = edge.get("/");

        // The filter listed last sees the head first and transforms the body first; its tail passes through the other.
        assertThat(response.body()).isEqualTo("ONE TWO THREE21");
        assertThat(response.headers().firstValue("x-upper")).hasValue("2,1");
        assertThat(response.headers().allValues("x-upper")).hasSize(1);
    }

    @Test
    void aBodyFilterIsAbortedWhenTheUpstreamCutsTheResponse() {
        backend.respond(Backend.thenClose(Backend.raw("HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\npartial")));
        UpperCase upper = new UpperCase("!");
        serve(responseFilters(upper));

        assertThat(edge.client().sendAsync(java.net.http.HttpRequest.newBuilder(edge.uri("/"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString())
                .handle((response, failure) -> failure != null).join()).isTrue();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(upper.aborted).hasValue(1));
        assertThat(upper.ended).hasValue(0);
    }

    /** Answers a 304 of the upstream with a whole stored response, as a cache revalidating would. */
    private static final ResponseFilter FROM_STORE = (request, head) -> {
        if (head.status() != 304) {
            return null;
        }
        head.replace(200, List.of(new LocalAnswer.Header("Content-Type", "text/plain"),
                new LocalAnswer.Header("Content-Length", "999"), new LocalAnswer.Header("x-from", "store")));
        return new BodyFilter() {
            @Override
            public ByteBuf chunk(ByteBuf data) {
                data.release();
                return null;
            }

            @Override
            public ByteBuf end() {
                return Unpooled.copiedBuffer("stored body", StandardCharsets.US_ASCII);
            }

            @Override
            public void abort() {
            }
        };
    };

    @Test
    void aResponseFilterReplacesAnUpstream304WithAWholeResponseOverBothProtocols() throws Exception {
        backend.respond(Backend.raw("HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\nx-upstream: yes\r\n\r\n"));
        serve(responseFilters(FROM_STORE));

        HttpResponse<String> response = edge.get("/");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("stored body");
        assertThat(response.headers().firstValue("x-from")).hasValue("store");
        assertThat(response.headers().map()).doesNotContainKeys("etag", "x-upstream", "content-length");
        try (H2Client client = new H2Client(edge.port())) {
            H2Client.Response http2 = client.get("/", authority()).await();
            assertThat(http2.status()).isEqualTo(200);
            assertThat(http2.body()).isEqualTo("stored body");
            assertThat(http2.headers().get("x-from")).hasToString("store");
        }
    }

    @Test
    void aResponseFilterAnswersInPlaceOfTheEdgesErrorWhenNoUpstreamCanAnswer() throws Exception {
        List<Integer> failures = new ArrayList<>();
        serve(responseFilters(new ResponseFilter() {
            @Override
            public BodyFilter filter(FilteredRequest request, dev.moor.edge.filter.ResponseHeaders head) {
                return null;
            }

            @Override
            public LocalAnswer failed(FilteredRequest request, int status) {
                failures.add(status);
                return request.path().equals("/stale")
                        ? new LocalAnswer(200, List.of(new LocalAnswer.Header("x-cache", "STALE")),
                                "old copy".getBytes(StandardCharsets.UTF_8))
                        : null;
            }
        }));
        backend.stop();

        HttpResponse<String> stale = edge.get("/stale");
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.body()).isEqualTo("old copy");
        assertThat(stale.headers().firstValue("x-cache")).hasValue("STALE");
        assertThat(edge.get("/other").statusCode()).isEqualTo(502);
        assertThat(failures).containsExactly(502, 502);

        edge.update(snapshot(List.of(route("app", "/", "app/web")), cluster("app/web")));
        assertThat(edge.get("/stale").body()).isEqualTo("old copy");
        assertThat(failures).containsExactly(502, 502, 503);
    }

    @Test
    void aRouteWhoseFiltersCannotBeMadeIsDisabledAndReportedWhileTheOthersServe() {
        List<SnapshotProblem> problems = edge.update(snapshot(
                List.of(route("broken", "/broken", "app/web"), route("app", "/", "app/web")),
                cluster("app/web", backend.endpoint())));

        assertThat(problems).containsExactly(
                new SnapshotProblem("broken", "filters: cannot make this route's filters"));
        assertThat(edge.get("/broken").body()).isEqualTo("hello from the backend");
        assertThat(backend.requests()).hasSize(1);
    }

    // Stored answers, request state and background requests

    /** A stored answer as a cache renders it, its buffers from the request's pooled allocator (leaks would show). */
    private record Stored(FilteredRequest request, String text) implements StoredAnswer {
        @Override
        public int status() {
            return 200;
        }

        @Override
        public ByteBuf http1Head() {
            String head = "HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: " + text.length()
                    + "\r\nage: 7\r\nx-cache: HIT\r\n";
            return request.allocator().buffer().writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
        }

        @Override
        public Http2Headers http2Headers() {
            return new DefaultHttp2Headers().status("200").add("content-type", "text/plain")
                    .add("content-length", Integer.toString(text.length())).add("age", "7").add("x-cache", "HIT");
        }

        @Override
        public ByteBuf body() {
            return request.allocator().buffer().writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
        }

        @Override
        public boolean carries(String name) {
            return http2Headers().contains(name);
        }
    }

    @Test
    void aStoredAnswerIsWrittenAsRenderedWithTheEdgesLinesOverBothProtocols() throws Exception {
        serve(requestFilters(request -> request.path().equals("/later")
                ? new Deferred(CompletableFuture.supplyAsync(() -> new Stored(request, "decided later")))
                : new Stored(request, "from the store")));

        HttpResponse<String> response = edge.get("/");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("from the store");
        assertThat(response.headers().firstValue("age")).hasValue("7");
        assertThat(response.headers().firstValue("x-cache")).hasValue("HIT");
        assertThat(response.headers().firstValue("x-request-id")).isPresent();
        assertThat(edge.get("/later").body()).isEqualTo("decided later");
        try (RawHttp raw = new RawHttp(edge.port())) {
            String pipelined = raw.send("HEAD / HTTP/1.1\r\nHost: a\r\nx-request-id: head-1\r\n\r\n"
                    + "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n").readUntilClosed();
            assertThat(pipelined).startsWith("HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 14\r\n"
                    + "age: 7\r\nx-cache: HIT\r\nx-request-id: head-1\r\n\r\nHTTP/1.1 200 OK\r\n");
            assertThat(pipelined).contains("connection: close\r\n").endsWith("\r\n\r\nfrom the store");
        }
        try (RawHttp raw = new RawHttp(edge.port())) {
            assertThat(raw.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").readResponses(1))
                    .contains("connection: keep-alive\r\n").endsWith("from the store");
        }
        try (H2Client client = new H2Client(edge.port())) {
            H2Client.Response http2 = client.get("/", authority()).await();
            assertThat(http2.status()).isEqualTo(200);
            assertThat(http2.body()).isEqualTo("from the store");
            assertThat(http2.headers().get("x-cache")).hasToString("HIT");
            assertThat(http2.headers().get("x-request-id")).isNotNull();
            H2Client.Stream head = client.open();
            head.headers(H2Client.request("HEAD", "/", authority()), true);
            H2Client.Response headResponse = head.await();
            assertThat(headResponse.body()).isEmpty();
            assertThat(headResponse.headers().get("content-length")).hasToString("14");
        }
        assertThat(backend.requests()).isEmpty();
        assertThat(edge.accessLog).extracting(AccessLogEntry::bytesOut).containsExactly(14L, 13L, 0L, 14L, 14L, 14L, 0L);
    }

    @Test
    void aStoredAnswerMayStandInForTheEdgesError() {
        serve(responseFilters(new ResponseFilter() {
            @Override
            public BodyFilter filter(FilteredRequest request, dev.moor.edge.filter.ResponseHeaders head) {
                return null;
            }

            @Override
            public StoredAnswer failed(FilteredRequest request, int status) {
                return new Stored(request, "stale " + status);
            }
        }));
        backend.stop();

        HttpResponse<String> stale = edge.get("/");
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.body()).isEqualTo("stale 502");
    }

    @Test
    void attachmentsReachTheResponseFiltersAndEndActionsRunOnceHoweverARequestEnds() throws Exception {
        Object key = new Object();
        AtomicInteger ended = new AtomicInteger();
        List<String> endedPaths = new CopyOnWriteArrayList<>();
        serve(new RouteFilters(List.of(request -> {
            request.attach(key, "first");
            request.attach(key, "kept " + request.path());
            request.onEnd(() -> endedPaths.add(request.path()));
            request.onEnd(ended::incrementAndGet);
            return request.path().equals("/answered") ? new LocalAnswer(204, List.of(), new byte[0]) : null;
        }), List.of((request, head) -> {
            head.add("x-attached", String.valueOf(request.attachment(key)));
            head.add("x-unknown", String.valueOf(request.attachment(new Object())));
            return null;
        })));

        HttpResponse<String> proxied = edge.get("/proxied");
        assertThat(proxied.headers().firstValue("x-attached")).hasValue("kept /proxied");
        assertThat(proxied.headers().firstValue("x-unknown")).hasValue("null");
        assertThat(edge.get("/answered").statusCode()).isEqualTo(204);
        backend.respond(Backend.silent());
        try (RawHttp raw = new RawHttp(edge.port())) {
            raw.send("GET /gone HTTP/1.1\r\nHost: a\r\n\r\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> backend.requests().size() == 2);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> ended.get() == 3);
        assertThat(endedPaths).containsExactly("/proxied", "/answered", "/gone");
        await().atMost(Duration.ofSeconds(10)).until(() -> edge.accessLog.size() == 3);
        assertThat(ended).hasValue(3);
    }

    @Test
    void aBackgroundRequestGoesUpstreamAfterTheAnswerAndItsResponseReachesOnlyTheResponseFilters() throws Exception {
        CompletableFuture<Void> upstreamMayAnswer = new CompletableFuture<>();
        backend.respond((request, ctx) -> upstreamMayAnswer.thenRun(() -> ctx.executor().execute(
                () -> ctx.writeAndFlush(Backend.full(200, "fresh from upstream", request)))));
        Object key = new Object();
        AtomicInteger ended = new AtomicInteger();
        List<String> seen = new CopyOnWriteArrayList<>();
        StringBuilder body = new StringBuilder();
        serve(new RouteFilters(List.of(request -> {
            request.attach(key, "revalidation of " + request.path());
            request.setUpstreamHeader("If-None-Match", "\"stored\"");
            request.onEnd(ended::incrementAndGet);
            request.forwardInBackground();
            return new Stored(request, "stale");
        }), List.of((request, head) -> {
            seen.add(request.attachment(key) + ": " + head.status() + ", ended " + ended.get());
            return new BodyFilter() {
                @Override
                public ByteBuf chunk(ByteBuf data) {
                    body.append(data.toString(StandardCharsets.UTF_8));
                    return data;
                }

                @Override
                public ByteBuf end() {
                    return null;
                }

                @Override
                public void abort() {
                }
            };
        })));

        HttpResponse<String> answered = edge.get("/page");
        assertThat(answered.body()).isEqualTo("stale");
        await().atMost(Duration.ofSeconds(10)).until(() -> backend.requests().size() == 1);
        assertThat(backend.lastRequest().headers.get("if-none-match")).isEqualTo("\"stored\"");
        assertThat(backend.lastRequest().uri).isEqualTo("/page");
        assertThat(ended).hasValue(0);
        assertThat(seen).isEmpty();

        upstreamMayAnswer.complete(null);
        await().atMost(Duration.ofSeconds(10)).until(() -> ended.get() == 1);
        assertThat(seen).containsExactly("revalidation of /page: 200, ended 0");
        assertThat(body).hasToString("fresh from upstream");
        assertThat(edge.accessLog).hasSize(1);
        assertThat(edge.get("/next").body()).isEqualTo("stale");
    }
}

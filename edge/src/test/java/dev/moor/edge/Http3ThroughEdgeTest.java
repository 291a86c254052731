package dev.moor.edge;

import dev.moor.edge.cache.HttpCache;
import dev.moor.edge.tls.TestCertificates;
import dev.moor.snapshot.CachePolicy;
import dev.moor.snapshot.EdgeSnapshot;
import dev.moor.snapshot.ForwardingPolicy;
import dev.moor.snapshot.Https;
import dev.moor.snapshot.Route;
import dev.moor.snapshot.TlsCertificate;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.quic.QuicStreamResetException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static dev.moor.edge.HandoffTest.freePort;
import static dev.moor.edge.Snapshots.cluster;
import static dev.moor.edge.Snapshots.onPort;
import static dev.moor.edge.Snapshots.route;
import static dev.moor.edge.Snapshots.withHost;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * HTTP/3 on the HTTPS port's UDP side, through a real edge on loopback to real backends, with Netty's HTTP/3 client
 * verifying the edge's certificate chain against the test CA.
 */
@ExtendWith(NettyLeaks.class)
class Http3ThroughEdgeTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @RegisterExtension
    final Backend shop = new Backend("shop");
    @RegisterExtension
    final Backend blog = new Backend("blog");
    private static final long LARGE = 4L << 20;

    @TempDir
    Path dir;
    private final TestCertificates ca = TestCertificates.authority("Moor test CA");
    private final List<EdgeServer> edges = new ArrayList<>();
    private final List<AccessLogEntry> accessLog = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeEdges() {
        edges.forEach(EdgeServer::close);
    }

    private EdgeServer edge() {
        EdgeServer edge = EdgeServer.builder().threads(2).transport(Edge.transportUnderTest()).bindAddress(LOOPBACK)
                .accessLog(accessLog::add).build();
        edges.add(edge);
        edge.start();
        return edge;
    }

    /** Any host to shop, blog.test to blog, on the HTTPS port. */
    private EdgeSnapshot snapshot(int httpsPort, boolean http3, TlsCertificate... certificates) {
        List<Route> routes = List.of(onPort(route("shop", "/", "shop"), httpsPort),
                onPort(withHost(route("blog", "/", "blog"), "blog.test"), httpsPort));
        return new EdgeSnapshot(1, routes, Map.of("shop", cluster("shop", shop.endpoint()),
                "blog", cluster("blog", blog.endpoint())), ForwardingPolicy.DEFAULT,
                Optional.of(new Https(httpsPort, List.of(certificates), http3)));
    }

    @Test
    void aGetIsProxiedToTheUpstreamWithTheRequestIdAndForwardingHeaders() throws Exception {
        int port = freePort();
        EdgeServer edge = edge();
        assertThat(edge.update(snapshot(port, true, ca.issue("shop.test").snapshot("shop", "shop.test")))).isEmpty();

        try (H3Client client = new H3Client(port, "shop.test", ca.certificate())) {
            H3Client.Response response = client.get("/hello?x=1");

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.text()).isEqualTo("shop");
            assertThat(response.header("content-type")).isEqualTo("text/plain; charset=utf-8");
            assertThat(response.header("x-request-id")).isNotBlank();
            assertThat(response.header("alt-svc")).as("not over HTTP/3 itself").isNull();
        }
        HttpHeaders received = shop.lastRequest().headers;
        assertThat(shop.lastRequest().uri).isEqualTo("/hello?x=1");
        assertThat(received.get("Host")).isEqualTo("shop.test");
        assertThat(received.get("X-Forwarded-Proto")).isEqualTo("https");
        assertThat(received.get("X-Forwarded-Port")).isEqualTo(String.valueOf(port));
        assertThat(received.get("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(received.get("Forwarded")).isEqualTo("for=127.0.0.1;proto=https;host=shop.test");
        assertThat(received.get("X-Request-Id")).isNotBlank();
        assertThat(accessLog).singleElement().satisfies(entry -> {
            assertThat(entry.protocol()).isEqualTo("HTTP/3");
            assertThat(entry.status()).isEqualTo(200);
            assertThat(entry.requestId()).isEqualTo(received.get("X-Request-Id"));
        });
    }

    @Test
    void aPostOfSeveralMegabytesStreamsUpAndItsAnswerDown() throws Exception {
        int port = freePort();
        EdgeServer edge = edge();
        edge.update(snapshot(port, true, ca.issue("shop.test").snapshot("shop", "shop.test")));
        // The backend takes nothing for a second: the request waits in QUIC's flow control, not in the edge.
        shop.pauseReadingOnConnect(Duration.ofSeconds(1));
        shop.respond(Backend.stream(LARGE));
        byte[] body = new byte[(int) LARGE];
        for (int i = 0; i < body.length; i++) {
            body[i] = Backend.pattern(i * 7L);
        }

        H3Client.Response response;
        try (H3Client client = new H3Client(port, "shop.test", ca.certificate())) {
            response = client.send("POST", "/upload", body, 64 * 1024);
        }

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).hasSize((int) LARGE);
        for (int i = 0; i < response.body().length; i++) {
            if (response.body()[i] != Backend.pattern(i)) {
                throw new AssertionError("response byte " + i + " differs");
            }
        }
        Backend.Received received = shop.lastRequest();
        assertThat(received.method).isEqualTo("POST");
        assertThat(received.bodyBytes).isEqualTo(LARGE);
        assertThat(received.sha256).isEqualTo(HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(body)));
        assertThat(received.headers.get("Content-Length")).isEqualTo(String.valueOf(LARGE));
    }

    @Test
    void sniChoosesTheCertificateOfTheNameAmongTwoAndTheRouteOfItsHost() throws Exception {
        int port = freePort();
        EdgeServer edge = edge();
        TestCertificates.Issued shopCertificate = ca.issue("shop.test");
        TestCertificates.Issued blogCertificate = ca.issue("blog.test", "*.blog.test");
        edge.update(snapshot(port, true, shopCertificate.snapshot("shop", "shop.test"),
                blogCertificate.snapshot("blog", "blog.test", "*.blog.test")));

        try (H3Client toShop = new H3Client(port, "shop.test", ca.certificate());
             H3Client toBlog = new H3Client(port, "blog.test", ca.certificate());
             H3Client toWildcard = new H3Client(port, "www.blog.test", ca.certificate())) {
            assertThat(toShop.peerCertificate()).isEqualTo(shopCertificate.certificate());
            assertThat(toBlog.peerCertificate()).isEqualTo(blogCertificate.certificate());
            assertThat(toWildcard.peerCertificate()).isEqualTo(blogCertificate.certificate());
            assertThat(toShop.get("/").text()).isEqualTo("shop");
            assertThat(toBlog.get("/").text()).isEqualTo("blog");
        }
    }

    @Test
    void aNameWhoseCertificateCannotBeUsedIsRefusedRatherThanGivenAnother() throws Exception {
        int port = freePort();
        EdgeServer edge = edge();
        TestCertificates.Issued shopCertificate = ca.issue("shop.test");
        TestCertificates.Issued mismatched = ca.issue("blog.test").withKeyOf(shopCertificate);
        assertThat(edge.update(snapshot(port, true, shopCertificate.snapshot("shop", "shop.test"),
                mismatched.snapshot("blog", "blog.test")))).isNotEmpty();

        assertThatThrownBy(() -> H3Client.withoutNameCheck(port, "blog.test", ca.certificate()).close())
                .isInstanceOf(ExecutionException.class);
        try (H3Client unknown = H3Client.withoutNameCheck(port, "other.test", ca.certificate());
             H3Client toShop = new H3Client(port, "shop.test", ca.certificate())) {
            assertThat(unknown.peerCertificate()).as("an unknown name gets the default").isEqualTo(
                    shopCertificate.certificate());
            assertThat(toShop.get("/").text()).isEqualTo("shop");
        }
    }

    @Test
    void aCachedRouteAnswersAHitWithoutTheUpstream() throws Exception {
        int port = freePort();
        EdgeServer edge = EdgeServer.builder().threads(2).transport(Edge.transportUnderTest()).bindAddress(LOOPBACK)
                .cache(HttpCache.builder().build()).build();
        edges.add(edge);
        edge.start();
        shop.respond(cacheable("cached page"));
        edge.update(new EdgeSnapshot(1, List.of(cached(onPort(route("shop", "/", "shop"), port))),
                Map.of("shop", cluster("shop", shop.endpoint())), ForwardingPolicy.DEFAULT,
                Optional.of(new Https(port, List.of(ca.issue("shop.test").snapshot("shop", "shop.test")), true))));

        try (H3Client client = new H3Client(port, "shop.test", ca.certificate())) {
            H3Client.Response miss = client.get("/page");
            H3Client.Response hit = client.get("/page");

            assertThat(miss.header("x-cache")).isEqualTo("MISS");
            assertThat(hit.status()).isEqualTo(200);
            assertThat(hit.header("x-cache")).isEqualTo("HIT");
            assertThat(hit.text()).isEqualTo("cached page");
            assertThat(hit.header("x-request-id")).isNotBlank().isNotEqualTo(miss.header("x-request-id"));
            assertThat(hit.header("alt-svc")).isNull();
        }
        assertThat(shop.requests()).hasSize(1);
    }

    @Test
    void httpsOverTcpAdvertisesHttp3OnceAndCleartextNever() throws Exception {
        int port = freePort();
        int plainPort = freePort();
        EdgeServer edge = EdgeServer.builder().threads(2).transport(Edge.transportUnderTest()).bindAddress(LOOPBACK)
                .cache(HttpCache.builder().build()).build();
        edges.add(edge);
        edge.start();
        shop.respond(cacheable("cached page"));
        blog.respond((request, ctx) -> {
            FullHttpResponse own = Backend.full(200, "own", request);
            own.headers().set("Alt-Svc", "h2=\"alt.example.test:443\"");
            ctx.writeAndFlush(own);
        });
        edge.update(new EdgeSnapshot(1, List.of(cached(onPort(route("shop", "/", "shop"), port)),
                onPort(route("own", "/own", "blog"), port), onPort(route("plain", "/", "shop"), plainPort)),
                Map.of("shop", cluster("shop", shop.endpoint()), "blog", cluster("blog", blog.endpoint())),
                ForwardingPolicy.DEFAULT, Optional.of(new Https(port, List.of(ca.issue("localhost")
                .snapshot("shop", "localhost")), true))));
        String advertised = "h3=\":" + port + "\"; ma=86400";

        for (HttpClient.Version version : HttpClient.Version.values()) {
            try (HttpClient client = HttpClient.newBuilder().version(version).sslContext(ca.clientContext()).build()) {
                String origin = "https://localhost:" + port;
                HttpResponse<String> miss = client.send(HttpRequest.newBuilder(URI.create(origin + "/page")).build(),
                        HttpResponse.BodyHandlers.ofString());
                HttpResponse<String> hit = client.send(HttpRequest.newBuilder(URI.create(origin + "/page")).build(),
                        HttpResponse.BodyHandlers.ofString());
                HttpResponse<String> local = client.send(HttpRequest.newBuilder(URI.create(origin + "/page"))
                        .method("PATCH", HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofString());
                HttpResponse<String> own = client.send(HttpRequest.newBuilder(URI.create(origin + "/own")).build(),
                        HttpResponse.BodyHandlers.ofString());

                assertThat(miss.version()).isEqualTo(version);
                assertThat(miss.headers().allValues("alt-svc")).as("%s miss", version).containsExactly(advertised);
                assertThat(hit.headers().firstValue("x-cache")).contains("HIT");
                assertThat(hit.headers().allValues("alt-svc")).as("%s hit", version).containsExactly(advertised);
                assertThat(local.statusCode()).isEqualTo(404);
                assertThat(local.headers().allValues("alt-svc")).as("%s 404", version).containsExactly(advertised);
                assertThat(own.headers().allValues("alt-svc")).as("the upstream's own").containsExactly(
                        "h2=\"alt.example.test:443\"");
            }
        }
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> plain = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + plainPort
                    + "/page")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(plain.statusCode()).isEqualTo(200);
            assertThat(plain.headers().allValues("alt-svc")).isEmpty();
        }
    }

    @Test
    void turnedOffTheEdgeBindsNoUdpAndAdvertisesNothingAndTurnedOnAgainItDoes() throws Exception {
        int port = freePort();
        EdgeServer edge = edge();
        TlsCertificate certificate = ca.issue("shop.test", "localhost").snapshot("shop", "shop.test", "localhost");
        assertThat(edge.update(snapshot(port, false, certificate))).isEmpty();

        assertThat(udpFree(port)).isTrue();
        assertThat(altSvc(port)).isEmpty();

        edge.update(snapshot(port, true, certificate));
        assertThat(udpFree(port)).isFalse();
        assertThat(altSvc(port)).contains("h3=\":" + port + "\"; ma=86400");
        try (H3Client client = new H3Client(port, "shop.test", ca.certificate())) {
            assertThat(client.get("/").text()).isEqualTo("shop");
        }

        edge.update(snapshot(port, false, certificate));
        assertThat(udpFree(port)).isTrue();
        assertThat(altSvc(port)).isEmpty();
    }

    @Test
    void aCertificateSwappedByASnapshotServesNewConnectionsWhileAnOpenOneKeepsItsOwn() throws Exception {
        int port = freePort();
        EdgeServer edge = edge();
        TestCertificates.Issued first = ca.issue("shop.test");
        TestCertificates.Issued second = ca.issue("shop.test");
        edge.update(snapshot(port, true, first.snapshot("shop", "shop.test")));

        try (H3Client before = new H3Client(port, "shop.test", ca.certificate())) {
            assertThat(before.get("/").text()).isEqualTo("shop");

            assertThat(edge.update(snapshot(port, true, second.snapshot("shop", "shop.test")))).isEmpty();

            try (H3Client after = new H3Client(port, "shop.test", ca.certificate())) {
                assertThat(after.peerCertificate()).isEqualTo(second.certificate());
                assertThat(after.get("/").text()).isEqualTo("shop");
            }
            assertThat(before.get("/").text()).as("the open connection goes on").isEqualTo("shop");
            assertThat(before.peerCertificate()).isEqualTo(first.certificate());
        }
    }

    @Test
    void aRequestWithAConnectionSpecificFieldOrAControlCharacterInAValueIsMalformed() throws Exception {
        int port = freePort();
        EdgeServer edge = edge();
        edge.update(snapshot(port, true, ca.issue("shop.test").snapshot("shop", "shop.test")));

        try (H3Client client = new H3Client(port, "shop.test", ca.certificate())) {
            H3Client.Response keepAlive = client.send("GET", "/", null, 0, "keep-alive", "timeout=5");
            H3Client.Response lineFeed = client.send("GET", "/", null, 0, "x-note", "a\r\nx-injected: 1");

            assertThat(keepAlive.status()).isEqualTo(400);
            assertThat(keepAlive.text()).contains("a connection-specific field, keep-alive");
            assertThat(lineFeed.status()).isEqualTo(400);
            assertThat(lineFeed.text()).contains("an invalid value of x-note");
            // Netty's own check resets the stream, as HTTP/2's does (H3_MESSAGE_ERROR).
            assertThatThrownBy(() -> client.send("GET", "/", null, 0, "connection", "close"))
                    .hasRootCauseInstanceOf(QuicStreamResetException.class);
            assertThat(client.get("/").text()).as("the connection goes on").isEqualTo("shop");
        }
        assertThat(shop.requests()).hasSize(1);
    }

    @Test
    void closingTheEdgeSendsGoAwayAndLetsTheRequestInFlightFinish() throws Exception {
        int port = freePort();
        EdgeServer edge = edge();
        edge.update(snapshot(port, true, ca.issue("shop.test").snapshot("shop", "shop.test")));
        shop.respond(Backend.delayed(Duration.ofSeconds(2), Backend.text(200, "slow")));

        try (H3Client client = new H3Client(port, "shop.test", ca.certificate())) {
            CompletableFuture<H3Client.Response> inFlight = client.start("GET", "/slow", null, 0);
            await().atMost(Duration.ofSeconds(10)).until(() -> !shop.requests().isEmpty());
            Thread closing = Thread.ofPlatform().start(edge::close);

            await().atMost(Duration.ofSeconds(10)).until(client::goAwayReceived);
            H3Client.Response response = inFlight.get(30, TimeUnit.SECONDS);
            closing.join(30_000);

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.text()).isEqualTo("slow");
        }
        assertThat(udpFree(port)).isTrue();
    }

    @Test
    void aSuccessorTakesTheUdpSocketsOnceTheOldEdgeServedItsHttp3Out() throws Exception {
        int port = freePort();
        Path socket = dir.resolve("edge.sock");
        EdgeSnapshot snapshot = snapshot(port, true, ca.issue("shop.test").snapshot("shop", "shop.test"));
        EdgeServer old = EdgeServer.builder().threads(2).transport(Edge.transportUnderTest()).bindAddress(LOOPBACK)
                .handoffSocket(socket).build();
        edges.add(old);
        old.update(snapshot);
        old.start();
        shop.respond(Backend.delayed(Duration.ofSeconds(2), Backend.text(200, "old")));

        try (H3Client before = new H3Client(port, "shop.test", ca.certificate())) {
            CompletableFuture<H3Client.Response> inFlight = before.start("GET", "/slow", null, 0);
            await().atMost(Duration.ofSeconds(10)).until(() -> !shop.requests().isEmpty());

            EdgeServer successor = EdgeServer.builder().threads(2).transport(Edge.transportUnderTest())
                    .bindAddress(LOOPBACK).handoffSocket(socket).takeListenersFrom(socket).build();
            edges.add(successor);
            successor.update(snapshot);
            successor.start();

            assertThat(inFlight.get(30, TimeUnit.SECONDS).text()).as("served out by the old edge").isEqualTo("old");
            assertThat(before.goAwayReceived()).isTrue();
            shop.respond(Backend.text(200, "new"));
            try (H3Client after = new H3Client(port, "shop.test", ca.certificate())) {
                assertThat(after.get("/").text()).isEqualTo("new");
            }
            assertThat(udpFree(port)).isFalse();
        }
        old.terminated().get(30, TimeUnit.SECONDS);
    }

    /** A response the cache may keep for a minute. */
    private static Backend.Responder cacheable(String body) {
        return (request, ctx) -> {
            FullHttpResponse response = Backend.full(200, body, request);
            response.headers().set("Cache-Control", "max-age=60");
            ctx.writeAndFlush(response);
        };
    }

    /** The route with the cache on, for GET and HEAD only (other methods find no route: the edge answers 404). */
    private static Route cached(Route route) {
        return new Route(route.id(), route.host(), route.pathPrefix(), Set.of("GET", "HEAD"), route.headers(),
                route.rewritePrefix(), route.backends(), route.timeouts(), route.retry(), route.port(), route.canary(),
                route.httpsRedirect(), route.hsts(), false, Optional.of(new CachePolicy(Duration.ZERO, route.id())));
    }

    /** The Alt-Svc values of a GET over HTTPS/TCP (HTTP/1.1). */
    private List<String> altSvc(int port) throws Exception {
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(ca.clientContext()).build()) {
            return client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/")).build(),
                    HttpResponse.BodyHandlers.ofString()).headers().allValues("alt-svc");
        }
    }

    /** Whether nothing is bound to the UDP port on loopback. */
    private static boolean udpFree(int port) {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(LOOPBACK, port))) {
            return probe.isBound();
        } catch (IOException e) {
            return false;
        }
    }
}

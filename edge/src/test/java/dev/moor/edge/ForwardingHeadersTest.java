package dev.moor.edge;

import dev.moor.snapshot.ForwardingPolicy;
import dev.moor.snapshot.SnapshotProblem;

import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(NettyLeaks.class)
class ForwardingHeadersTest {
    @RegisterExtension
    final Backend backend = new Backend("app");
    @RegisterExtension
    final Edge edge = new Edge(1);

    private String url(String path) {
        return "http://127.0.0.1:" + edge.port() + path;
    }

    private void serve(List<String> trusted, boolean translateCloudFront) {
        ForwardingPolicy policy = new ForwardingPolicy(trusted, translateCloudFront, Duration.ofSeconds(5));
        assertThat(edge.update(Snapshots.snapshot(List.of(Snapshots.route("all", "/", "app")), policy,
                Snapshots.cluster("app", backend.endpoint())))).isEmpty();
    }

    private HttpHeaders received() {
        return backend.lastRequest().headers;
    }

    @Test
    void fromAnUntrustedPeerIncomingForwardingHeadersAreReplaced() {
        serve(List.of(), true);

        Curl.run("-H", "Host: shop.example.com", "-H", "X-Forwarded-For: 203.0.113.9",
                "-H", "X-Forwarded-Proto: https", "-H", "X-Forwarded-Host: evil.test", "-H", "X-Forwarded-Port: 1",
                "-H", "Forwarded: for=203.0.113.9;proto=https", "-H", "CloudFront-Forwarded-Proto: https", url("/"));

        HttpHeaders headers = received();
        assertThat(headers.getAll("X-Forwarded-For")).containsExactly("127.0.0.1");
        assertThat(headers.getAll("X-Forwarded-Proto")).containsExactly("http");
        assertThat(headers.getAll("X-Forwarded-Host")).containsExactly("shop.example.com");
        assertThat(headers.getAll("X-Forwarded-Port")).containsExactly(String.valueOf(edge.port()));
        assertThat(headers.getAll("Forwarded")).containsExactly("for=127.0.0.1;proto=http;host=shop.example.com");
        assertThat(headers.contains("CloudFront-Forwarded-Proto")).isFalse();
        assertThat(edge.accessLog.getLast().client()).isEqualTo("127.0.0.1");
    }

    @Test
    void forwardedQuotesAHostWithAPort() {
        serve(List.of(), false);

        Curl.run(url("/"));

        assertThat(received().get("Forwarded"))
                .isEqualTo("for=127.0.0.1;proto=http;host=\"127.0.0.1:" + edge.port() + "\"");
        assertThat(received().get("X-Forwarded-Host")).isEqualTo("127.0.0.1:" + edge.port());
    }

    @Test
    void fromATrustedPeerTheChainIsKeptAndThisHopAppended() {
        serve(List.of("10.0.0.0/8", "127.0.0.1"), false);

        Curl.run("-H", "Host: shop.example.com", "-H", "X-Forwarded-For: 203.0.113.9, 10.1.2.3",
                "-H", "X-Forwarded-For: 10.4.5.6", "-H", "X-Forwarded-Proto: https", "-H", "X-Forwarded-Host: www.example.com",
                "-H", "X-Forwarded-Port: 443", "-H", "Forwarded: for=203.0.113.9;proto=https",
                "-H", "CloudFront-Forwarded-Proto: https", url("/"));

        HttpHeaders headers = received();
        assertThat(headers.getAll("X-Forwarded-For")).containsExactly("203.0.113.9, 10.1.2.3, 10.4.5.6, 127.0.0.1");
        assertThat(headers.getAll("X-Forwarded-Proto")).containsExactly("https");
        assertThat(headers.getAll("X-Forwarded-Host")).containsExactly("www.example.com");
        assertThat(headers.getAll("X-Forwarded-Port")).containsExactly("443");
        assertThat(headers.getAll("Forwarded"))
                .containsExactly("for=203.0.113.9;proto=https, for=127.0.0.1;proto=http;host=shop.example.com");
        assertThat(headers.get("CloudFront-Forwarded-Proto")).as("passed on, but not translated").isEqualTo("https");
        assertThat(edge.accessLog.getLast().client()).isEqualTo("203.0.113.9");
    }

    @Test
    void fromATrustedPeerWithoutForwardingHeadersTheyAreCreated() {
        serve(List.of("127.0.0.0/8"), false);

        Curl.run("-H", "Host: shop.example.com", url("/"));

        HttpHeaders headers = received();
        assertThat(headers.getAll("X-Forwarded-For")).containsExactly("127.0.0.1");
        assertThat(headers.getAll("X-Forwarded-Proto")).containsExactly("http");
        assertThat(headers.getAll("X-Forwarded-Host")).containsExactly("shop.example.com");
        assertThat(headers.getAll("Forwarded")).containsExactly("for=127.0.0.1;proto=http;host=shop.example.com");
    }

    @Test
    void cloudFrontProtoFromATrustedPeerBecomesTheForwardedProto() {
        serve(List.of("127.0.0.1/32"), true);

        Curl.run("-H", "Host: shop.example.com", "-H", "CloudFront-Forwarded-Proto: https",
                "-H", "X-Forwarded-For: 198.51.100.4", url("/"));

        HttpHeaders headers = received();
        assertThat(headers.getAll("X-Forwarded-Proto")).containsExactly("https");
        assertThat(headers.getAll("Forwarded")).containsExactly("for=127.0.0.1;proto=https;host=shop.example.com");
        assertThat(headers.getAll("X-Forwarded-For")).containsExactly("198.51.100.4, 127.0.0.1");
    }

    @Test
    void cloudFrontProtoFromAnUntrustedPeerIsIgnored() {
        serve(List.of("10.0.0.0/8"), true);

        Curl.run("-H", "CloudFront-Forwarded-Proto: https", url("/"));

        assertThat(received().getAll("X-Forwarded-Proto")).containsExactly("http");
        assertThat(received().contains("CloudFront-Forwarded-Proto")).isFalse();
    }

    @Test
    void anIpv6PeerIsBracketedAndQuotedInForwarded() {
        try (EdgeServer server = EdgeServer.builder().listen(new InetSocketAddress("::1", 0)).threads(1)
                .transport(Edge.transportUnderTest()).build()) {
            server.start();
            server.update(Snapshots.single(backend));

            Curl.run("-g", "-H", "Host: shop.example.com", "http://[::1]:" + server.port() + "/");

            HttpHeaders headers = received();
            assertThat(headers.get("X-Forwarded-For")).isEqualTo("::1");
            assertThat(headers.get("Forwarded")).isEqualTo("for=\"[::1]\";proto=http;host=shop.example.com");

            server.update(Snapshots.snapshot(List.of(Snapshots.route("all", "/", "app")),
                    new ForwardingPolicy(List.of("::1/128"), false, Duration.ofSeconds(5)),
                    Snapshots.cluster("app", backend.endpoint())));
            Curl.run("-g", "-H", "Host: [2001:db8::1]:8443", "-H", "X-Forwarded-For: 2001:db8::7",
                    "-H", "Forwarded: for=\"[2001:db8::7]\"", "http://[::1]:" + server.port() + "/");

            headers = received();
            assertThat(headers.get("X-Forwarded-For")).isEqualTo("2001:db8::7, ::1");
            assertThat(headers.get("Forwarded"))
                    .isEqualTo("for=\"[2001:db8::7]\", for=\"[::1]\";proto=http;host=\"[2001:db8::1]:8443\"");
        }
    }

    @Test
    void invalidTrustedProxiesAreReportedAndSkipped() {
        List<SnapshotProblem> problems = edge.update(Snapshots.snapshot(List.of(Snapshots.route("all", "/", "app")),
                new ForwardingPolicy(List.of("10.0.0.0/33", "not-an-ip", "127.0.0.1"), false, Duration.ofSeconds(5)),
                Snapshots.cluster("app", backend.endpoint())));

        assertThat(problems).extracting(SnapshotProblem::where)
                .containsExactly("forwarding.trustedProxies[0]", "forwarding.trustedProxies[1]");
        Curl.run("-H", "X-Forwarded-For: 198.51.100.4", url("/"));
        assertThat(received().get("X-Forwarded-For")).isEqualTo("198.51.100.4, 127.0.0.1");
    }

    @Test
    void requestIdIsGeneratedWhenAbsentAndReturned() {
        serve(List.of(), false);

        Curl.Result first = Curl.run(url("/"));
        String sentUp = received().get("X-Request-Id");
        Curl.Result second = Curl.run(url("/"));

        assertThat(sentUp).matches("[0-9a-f]{32}");
        assertThat(first.header("X-Request-Id")).isEqualTo(sentUp);
        assertThat(second.header("X-Request-Id")).matches("[0-9a-f]{32}").isNotEqualTo(sentUp);
        assertThat(edge.accessLog.getFirst().requestId()).isEqualTo(sentUp);
    }

    @Test
    void givenRequestIdAndTraceparentAreKept() {
        serve(List.of(), false);
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

        Curl.Result result = Curl.run("-H", "X-Request-Id: order-42", "-H", "traceparent: " + traceparent,
                "-H", "tracestate: moor=1", url("/"));

        assertThat(received().getAll("X-Request-Id")).containsExactly("order-42");
        assertThat(received().get("traceparent")).isEqualTo(traceparent);
        assertThat(received().get("tracestate")).isEqualTo("moor=1");
        assertThat(result.header("X-Request-Id")).isEqualTo("order-42");
    }

    @Test
    void hopByHopRequestHeadersAreRemoved() {
        serve(List.of(), false);

        Curl.run("-H", "Connection: keep-alive, X-Secret, Upgrade", "-H", "X-Secret: 1", "-H", "Keep-Alive: timeout=5",
                "-H", "Proxy-Connection: keep-alive", "-H", "TE: trailers", "-H", "Trailer: X-T", "-H", "Upgrade: h2c",
                "-H", "X-Kept: yes", url("/"));

        HttpHeaders headers = received();
        for (String name : List.of("Connection", "X-Secret", "Keep-Alive", "Proxy-Connection", "TE", "Trailer", "Upgrade")) {
            assertThat(headers.contains(name)).as(name).isFalse();
        }
        assertThat(headers.get("X-Kept")).isEqualTo("yes");
    }

    @Test
    void connectionCannotListHostOrFraming() throws Exception {
        serve(List.of(), false);

        try (RawHttp raw = new RawHttp(edge.port())) {
            String response = raw.send("POST / HTTP/1.1\r\nHost: shop.example.com\r\nConnection: Host, Content-Length\r\n"
                    + "Content-Length: 3\r\n\r\nabc").readResponses(1);
            assertThat(response).startsWith("HTTP/1.1 200");
        }
        assertThat(received().get("Host")).isEqualTo("shop.example.com");
        assertThat(backend.lastRequest().body()).isEqualTo("abc");
    }

    @Test
    void hopByHopResponseHeadersAreRemoved() {
        backend.respond((request, ctx) -> {
            var response = Backend.full(200, "ok", request);
            response.headers().set("Connection", "X-Internal").set("X-Internal", "1").set("Keep-Alive", "timeout=5")
                    .set("Proxy-Connection", "keep-alive").set("Upgrade", "h2c").set("X-Public", "yes");
            ctx.writeAndFlush(response);
        });
        serve(List.of(), false);

        Curl.Result result = Curl.run(url("/"));

        assertThat(result.body()).isEqualTo("ok");
        for (String name : List.of("X-Internal", "Keep-Alive", "Proxy-Connection", "Upgrade", "Connection")) {
            assertThat(result.header(name)).as(name).isNull();
        }
        assertThat(result.header("X-Public")).isEqualTo("yes");
    }
}

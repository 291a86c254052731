package dev.moor.edge;

import dev.moor.edge.tls.TestCertificates;
import dev.moor.snapshot.EdgeSnapshot;
import dev.moor.snapshot.ForwardingPolicy;
import dev.moor.snapshot.Https;
import dev.moor.snapshot.Route;
import dev.moor.snapshot.TlsCertificate;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.moor.edge.HandoffTest.freePort;
import static dev.moor.edge.Snapshots.cluster;
import static dev.moor.edge.Snapshots.onPort;
import static dev.moor.edge.Snapshots.route;
import static dev.moor.edge.Snapshots.withHost;
import static org.assertj.core.api.Assertions.assertThat;

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
        });
    }
}

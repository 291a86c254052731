package dev.moor.edge;

import dev.moor.edge.tls.TestCertificates;
import dev.moor.edge.tls.TlsProvider;
import dev.moor.snapshot.EdgeSnapshot;
import dev.moor.snapshot.ForwardingPolicy;
import dev.moor.snapshot.Https;
import dev.moor.snapshot.Route;
import dev.moor.snapshot.SnapshotProblem;
import dev.moor.snapshot.TlsCertificate;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.sun.net.httpserver.HttpServer;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.moor.edge.HandoffTest.freePort;
import static dev.moor.edge.Snapshots.cluster;
import static dev.moor.edge.Snapshots.onPort;
import static dev.moor.edge.Snapshots.route;
import static dev.moor.edge.Snapshots.withHost;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * HTTPS on the snapshot's HTTPS port, with each TLS provider: real handshakes on loopback by the JDK's clients, curl
 * and openssl, certificates chosen by SNI, swapped by snapshots, refused when unusable.
 */
@ExtendWith(NettyLeaks.class)
class HttpsTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @RegisterExtension
    final Backend shop = new Backend("shop");
    @RegisterExtension
    final Backend blog = new Backend("blog");
    @TempDir
    Path dir;
    private final TestCertificates ca = TestCertificates.authority("Moor test CA");
    private final List<EdgeServer> edges = new ArrayList<>();

    @AfterEach
    void closeEdges() {
        edges.forEach(EdgeServer::close);
    }

    private EdgeServer edge(TlsProvider provider) {
        EdgeServer edge = EdgeServer.builder().threads(2).transport(Edge.transportUnderTest()).bindAddress(LOOPBACK)
                .tlsProvider(provider).build();
        edges.add(edge);
        edge.start();
        return edge;
    }

    /** Any host to shop, blog.test to blog, on the HTTPS port; and a plain port for shop. */
    private EdgeSnapshot snapshot(int httpsPort, TlsCertificate... certificates) {
        List<Route> routes = List.of(onPort(route("shop", "/", "shop"), httpsPort),
                onPort(withHost(route("blog", "/", "blog"), "blog.test"), httpsPort));
        return new EdgeSnapshot(1, routes, Map.of("shop", cluster("shop", shop.endpoint()),
                "blog", cluster("blog", blog.endpoint())), ForwardingPolicy.DEFAULT,
                Optional.of(new Https(httpsPort, List.of(certificates), true)));
    }

    /** A TLS connection to 127.0.0.1 naming {@code serverName} by SNI (none when null), over http/1.1. */
    private SSLSocket connect(int port, String serverName, boolean verifyName) throws IOException {
        SSLSocket socket = (SSLSocket) ca.clientContext().getSocketFactory().createSocket(LOOPBACK, port);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setServerNames(serverName == null ? List.of() : List.of(new SNIHostName(serverName)));
        parameters.setEndpointIdentificationAlgorithm(verifyName ? "HTTPS" : null);
        parameters.setApplicationProtocols(new String[] {"http/1.1"});
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket;
    }

    private static String get(RawHttp connection, String host) throws IOException {
        String response = connection.send("GET /page HTTP/1.1\r\nHost: " + host + "\r\n\r\n").readResponses(1);
        assertThat(response).startsWith("HTTP/1.1 200");
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }

    private static String peerName(SSLSocket socket) throws IOException {
        return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
    }

    @ParameterizedTest
    @EnumSource(value = TlsProvider.class, names = {"OPENSSL", "JDK"})
    void theJdkClientGetsHttp11AndHttp2VerifyingTheChainAndTheBackendHearsHttps(TlsProvider provider) throws Exception {
        int port = freePort();
        EdgeServer edge = edge(provider);
        assertThat(edge.update(snapshot(port, ca.issue("localhost", "shop.test").snapshot("shop", "localhost",
                "shop.test")))).isEmpty();
        assertThat(edge.boundPorts()).containsExactly(port);

        for (HttpClient.Version version : HttpClient.Version.values()) {
            try (HttpClient client = HttpClient.newBuilder().version(version).sslContext(ca.clientContext())
                    .connectTimeout(Duration.ofSeconds(5)).build()) {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                        URI.create("https://localhost:" + port + "/hello?x=1")).build(),
                        HttpResponse.BodyHandlers.ofString());

                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("shop");
                assertThat(response.version()).as("ALPN chose it").isEqualTo(version);
                assertThat(response.sslSession().orElseThrow().getProtocol()).isEqualTo("TLSv1.3");
            }
            HttpHeaders received = shop.lastRequest().headers;
            assertThat(shop.lastRequest().uri).isEqualTo("/hello?x=1");
            assertThat(received.get("X-Forwarded-Proto")).isEqualTo("https");
            assertThat(received.get("X-Forwarded-Port")).isEqualTo(String.valueOf(port));
            assertThat(received.get("Forwarded")).isEqualTo("for=127.0.0.1;proto=https;host=\"localhost:" + port + "\"");
        }
    }

    @ParameterizedTest
    @EnumSource(value = TlsProvider.class, names = {"OPENSSL", "JDK"})
    void sniChoosesTheCertificateOfTheNameAndAnUnknownNameOrNoneGetsTheFirst(TlsProvider provider) throws Exception {
        int port = freePort();
        EdgeServer edge = edge(provider);
        edge.update(snapshot(port, ca.issue("shop.test").snapshot("shop", "shop.test"),
                ca.issue("blog.test", "*.blog.test").snapshot("blog", "blog.test", "*.blog.test")));

        try (SSLSocket toShop = connect(port, "shop.test", true); SSLSocket toBlog = connect(port, "blog.test", true);
             SSLSocket toWildcard = connect(port, "www.blog.test", true);
             SSLSocket unknown = connect(port, "other.test", false); SSLSocket withoutSni = connect(port, null, false)) {
            assertThat(peerName(toShop)).isEqualTo("CN=shop.test");
            assertThat(peerName(toBlog)).isEqualTo("CN=blog.test");
            assertThat(peerName(toWildcard)).isEqualTo("CN=blog.test");
            assertThat(peerName(unknown)).isEqualTo("CN=shop.test");
            assertThat(peerName(withoutSni)).isEqualTo("CN=shop.test");
            assertThat(get(new RawHttp(toBlog), "blog.test")).isEqualTo("blog");
            assertThat(get(new RawHttp(toShop), "shop.test")).isEqualTo("shop");
        }
        Path caFile = ca.writeTo(dir.resolve("ca.pem"));
        Curl.Result curl = Curl.run("--http2", "--cacert", caFile.toString(), "--resolve", "blog.test:" + port
                + ":127.0.0.1", "https://blog.test:" + port + "/post");
        assertThat(curl.head()).startsWith("HTTP/2 200");
        assertThat(curl.body()).isEqualTo("blog");
    }

    @ParameterizedTest
    @EnumSource(value = TlsProvider.class, names = {"OPENSSL", "JDK"})
    void aCertificateSwappedByASnapshotServesNewConnectionsWhileAnOpenOneKeepsItsOwn(TlsProvider provider)
            throws Exception {
        int port = freePort();
        EdgeServer edge = edge(provider);
        TestCertificates.Issued first = ca.issue("shop.test");
        TestCertificates.Issued second = ca.issue("shop.test");
        edge.update(snapshot(port, first.snapshot("shop", "shop.test")));

        try (SSLSocket before = connect(port, "shop.test", true); RawHttp kept = new RawHttp(before)) {
            assertThat(get(kept, "shop.test")).isEqualTo("shop");

            assertThat(edge.update(snapshot(port, second.snapshot("shop", "shop.test")))).isEmpty();

            try (SSLSocket after = connect(port, "shop.test", true)) {
                assertThat(after.getSession().getPeerCertificates()[0]).isEqualTo(second.certificate());
                assertThat(get(new RawHttp(after), "shop.test")).isEqualTo("shop");
            }
            assertThat(get(kept, "shop.test")).as("the open connection goes on").isEqualTo("shop");
            assertThat(before.getSession().getPeerCertificates()[0]).isEqualTo(first.certificate());
        }
    }

    @ParameterizedTest
    @EnumSource(value = TlsProvider.class, names = {"OPENSSL", "JDK"})
    void aCertificateThatCannotBeUsedIsReportedAndItsNamesRefusedWhileTheOthersServe(TlsProvider provider)
            throws Exception {
        int port = freePort();
        EdgeServer edge = edge(provider);
        TestCertificates.Issued shopCertificate = ca.issue("shop.test");
        TestCertificates.Issued mismatched = ca.issue("blog.test").withKeyOf(shopCertificate);

        List<SnapshotProblem> problems = edge.update(snapshot(port, shopCertificate.snapshot("shop", "shop.test"),
                mismatched.snapshot("blog", "blog.test")));

        assertThat(problems).extracting(SnapshotProblem::render).containsExactly("https.certificates.blog: key: not the"
                + " key of the certificate CN=blog.test (expected: the private key of the chain's first certificate);"
                + " its hosts are not served over HTTPS");
        assertThatThrownBy(() -> connect(port, "blog.test", false)).isInstanceOf(IOException.class);
        try (SSLSocket toShop = connect(port, "shop.test", true)) {
            assertThat(get(new RawHttp(toShop), "shop.test")).isEqualTo("shop");
        }
    }

    @ParameterizedTest
    @EnumSource(value = TlsProvider.class, names = {"OPENSSL", "JDK"})
    void onlyTls12And13WithEcdheAndAeadCiphersAreSpoken(TlsProvider provider) throws Exception {
        int port = freePort();
        EdgeServer edge = edge(provider);
        TestCertificates.Issued rsa = ca.issue(Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(1)), "RSA",
                "rsa.test");
        edge.update(snapshot(port, rsa.snapshot("rsa", "rsa.test")));

        assertThat(OpenSslClient.get(port, "rsa.test", "-tls1_3").output()).contains("TLSv1.3");
        assertThat(OpenSslClient.get(port, "rsa.test", "-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256").connected())
                .isTrue();
        assertThat(OpenSslClient.get(port, "rsa.test", "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0").connected())
                .as("TLS 1.1").isFalse();
        assertThat(OpenSslClient.get(port, "rsa.test", "-tls1_2", "-cipher", "ECDHE-RSA-AES128-SHA").connected())
                .as("CBC").isFalse();
        assertThat(OpenSslClient.get(port, "rsa.test", "-tls1_2", "-cipher", "AES128-GCM-SHA256").connected())
                .as("RSA key exchange").isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = TlsProvider.class, names = {"OPENSSL", "JDK"})
    void sessionsResumeOverTls12And13AcrossSnapshots(TlsProvider provider) throws Exception {
        int port = freePort();
        EdgeServer edge = edge(provider);
        TestCertificates.Issued certificate = ca.issue("shop.test");
        edge.update(snapshot(port, certificate.snapshot("shop", "shop.test")));

        for (String version : List.of("-tls1_2", "-tls1_3")) {
            Path session = dir.resolve("session" + version);
            OpenSslClient.Result first = OpenSslClient.get(port, "shop.test", version, "-sess_out", session.toString());
            // A snapshot compiled meanwhile keeps an unchanged certificate's context, and so its sessions.
            edge.update(snapshot(port, certificate.snapshot("shop", "shop.test")));
            OpenSslClient.Result second = OpenSslClient.get(port, "shop.test", version, "-sess_in", session.toString());

            assertThat(first.output()).as(version).contains("New, TLSv1.");
            assertThat(second.output()).as(version).contains("Reused, TLSv1.");
            assertThat(second.connected()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(value = TlsProvider.class, names = {"OPENSSL", "JDK"})
    void withoutHttpsTheEdgeHasNoHttpsPortAndPlainPortsStayPlain(TlsProvider provider) throws Exception {
        int port = freePort();
        EdgeServer edge = edge(provider);
        edge.update(snapshot(port, ca.issue("shop.test").snapshot("shop", "shop.test")));
        EdgeSnapshot withHttps = snapshot(port);

        edge.update(new EdgeSnapshot(2, withHttps.routes(), withHttps.clusters(), withHttps.forwarding()));

        assertThat(HandoffTest.get(port, "/")).as("the same port, plain now").isEqualTo("shop");
        assertThat(shop.lastRequest().headers.get("X-Forwarded-Proto")).isEqualTo("http");
        assertThatThrownBy(() -> connect(port, "shop.test", false)).isInstanceOf(IOException.class);
    }

    @Test
    void aSuccessorEdgeTakesTheHttpsListenerOverAndServesItWithTls() throws Exception {
        int port = freePort();
        Path socket = dir.resolve("edge.sock");
        TestCertificates.Issued certificate = ca.issue("shop.test");
        EdgeSnapshot snapshot = snapshot(port, certificate.snapshot("shop", "shop.test"));
        EdgeServer old = EdgeServer.builder().threads(2).transport(Edge.transportUnderTest()).bindAddress(LOOPBACK)
                .handoffSocket(socket).build();
        edges.add(old);
        old.update(snapshot);
        old.start();
        try (SSLSocket before = connect(port, "shop.test", true); RawHttp kept = new RawHttp(before)) {
            assertThat(get(kept, "shop.test")).isEqualTo("shop");

            EdgeServer successor = EdgeServer.builder().threads(2).transport(Edge.transportUnderTest())
                    .bindAddress(LOOPBACK).handoffSocket(socket).takeListenersFrom(socket).build();
            edges.add(successor);
            successor.update(snapshot);
            successor.start();

            assertThat(successor.boundPorts()).containsExactly(port);
            assertThat(get(kept, "shop.test")).as("the old edge finishes its connection").isEqualTo("shop");
        }
        old.terminated().get(30, TimeUnit.SECONDS);
        try (SSLSocket after = connect(port, "shop.test", true)) {
            assertThat(after.getSession().getPeerCertificates()[0]).isEqualTo(certificate.certificate());
            assertThat(get(new RawHttp(after), "shop.test")).isEqualTo("shop");
        }
    }

    @Test
    void withOpenSslTheResponseOfTheCertificatesOcspResponderIsStapled() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        HttpServer responder = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 0);
        responder.createContext("/ocsp", exchange -> {
            byte[] answer = ca.ocspResponse(exchange.getRequestBody().readAllBytes());
            asked.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "application/ocsp-response");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        responder.start();
        try {
            int port = freePort();
            String url = "http://127.0.0.1:" + responder.getAddress().getPort() + "/ocsp";
            EdgeServer edge = edge(TlsProvider.OPENSSL);
            edge.update(snapshot(port, ca.issueWithResponder(url, "shop.test").snapshot("shop", "shop.test")));

            await().atMost(Duration.ofSeconds(10)).until(() -> asked.get() > 0);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    OpenSslClient.get(port, "shop.test", "-status").output())
                    .contains("OCSP Response Status: successful", "Cert Status: good"));
            assertThat(OpenSslClient.get(port, "shop.test").connected()).as("a client that asks for none").isTrue();
        } finally {
            responder.stop(0);
        }
    }
}

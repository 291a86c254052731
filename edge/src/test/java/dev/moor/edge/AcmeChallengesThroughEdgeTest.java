package dev.moor.edge;

import dev.moor.edge.tls.AcmeTlsAlpn;
import dev.moor.edge.tls.TestCertificates;
import dev.moor.edge.tls.TlsProvider;
import dev.moor.snapshot.AcmeChallenges;
import dev.moor.snapshot.EdgeSnapshot;
import dev.moor.snapshot.ForwardingPolicy;
import dev.moor.snapshot.Https;
import dev.moor.snapshot.HttpsRedirect;
import dev.moor.snapshot.Route;
import dev.moor.snapshot.SnapshotProblem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.moor.edge.HandoffTest.freePort;
import static dev.moor.edge.Snapshots.cluster;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * ACME challenges answered by a real edge: HTTP-01 tokens on the plain port before routing and before the redirect to
 * HTTPS, TLS-ALPN-01 certificates on the HTTPS port for a hello offering {@code acme-tls/1} alone, with each TLS
 * provider; the usual answers for everything else.
 */
@ExtendWith(NettyLeaks.class)
class AcmeChallengesThroughEdgeTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final String TOKEN = "LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0";
    private static final String KEY_AUTHORIZATION = TOKEN + ".9jg46WB3rR_AHD-EBXdN7cBkH1WOu0tA3M9fm21mqTI";

    @RegisterExtension
    final Backend backend = new Backend("from the backend");
    private final TestCertificates ca = TestCertificates.authority("Moor test CA");
    private final List<EdgeServer> edges = new ArrayList<>();

    @AfterEach
    void closeEdges() {
        edges.forEach(EdgeServer::close);
    }

    private EdgeServer edge(TlsProvider provider) {
        EdgeServer edge = EdgeServer.builder().threads(1).transport(Edge.transportUnderTest()).bindAddress(LOOPBACK)
                .tlsProvider(provider).build();
        edges.add(edge);
        edge.start();
        return edge;
    }

    /** Every host on {@code plainPort}, redirected to HTTPS, and on the HTTPS port with a certificate of shop.test. */
    private EdgeSnapshot snapshot(long version, int plainPort, int httpsPort, AcmeChallenges challenges) {
        Route route = Snapshots.route("r", "/", "app/web");
        Route plain = new Route("r", Optional.empty(), "/", Set.of(), Map.of(), Optional.empty(), route.backends(),
                route.timeouts(), route.retry(), plainPort, Optional.empty(),
                Optional.of(new HttpsRedirect(httpsPort, List.of("shop.test"))), Optional.empty());
        return new EdgeSnapshot(version, List.of(plain, Snapshots.onPort(Snapshots.route("r@https", "/", "app/web"),
                httpsPort)), Map.of("app/web", cluster("app/web", backend.endpoint())), ForwardingPolicy.DEFAULT,
                Optional.of(new Https(httpsPort, List.of(ca.issue("shop.test").snapshot("shop", "shop.test")), true)),
                challenges);
    }

    @Test
    void aTokenIsAnsweredOnThePlainPortForAnyHostBeforeTheRedirectAndOnlyWhileTheSnapshotHasIt() throws Exception {
        int plain = freePort();
        int https = freePort();
        EdgeServer edge = edge(TlsProvider.JDK);
        AcmeChallenges challenge = new AcmeChallenges(List.of(new AcmeChallenges.Http01(TOKEN, KEY_AUTHORIZATION)),
                List.of());
        assertThat(edge.update(snapshot(1, plain, https, challenge))).isEmpty();

        String path = "/.well-known/acme-challenge/" + TOKEN;
        try (RawHttp raw = new RawHttp(plain)) {
            String answer = raw.send("GET " + path + " HTTP/1.1\r\nHost: shop.test\r\n\r\n").readResponses(1);
            assertThat(answer).startsWith("HTTP/1.1 200 ").contains("content-type: text/plain\r\n")
                    .endsWith("\r\n\r\n" + KEY_AUTHORIZATION);
            assertThat(raw.send("GET /.well-known/acme-challenge/other HTTP/1.1\r\nHost: shop.test\r\n\r\n")
                    .readResponses(1)).as("an unknown token is routed: here, redirected")
                    .startsWith("HTTP/1.1 308 ");
            assertThat(raw.send("GET " + path + " HTTP/1.1\r\nHost: a.example\r\n\r\n").readResponses(1))
                    .as("a host without a redirect").endsWith(KEY_AUTHORIZATION);
        }
        try (RawHttp raw = new RawHttp(plain)) {
            assertThat(raw.send("HEAD " + path + " HTTP/1.1\r\nHost: other.example\r\nConnection: close\r\n\r\n")
                    .readUntilClosed()).startsWith("HTTP/1.1 200 ").endsWith("\r\n\r\n");
        }
        assertThat(backend.requests()).as("no challenge reached the upstream").isEmpty();

        assertThat(edge.update(snapshot(2, plain, https, AcmeChallenges.NONE))).isEmpty();
        try (RawHttp raw = new RawHttp(plain)) {
            assertThat(raw.send("GET " + path + " HTTP/1.1\r\nHost: shop.test\r\nConnection: close\r\n\r\n")
                    .readUntilClosed()).as("withdrawn").startsWith("HTTP/1.1 308 ");
        }
    }

    @Test
    void aTokenThatIsNotBase64UrlIsAProblemOfTheSnapshotAndNotAnswered() throws Exception {
        int plain = freePort();
        EdgeServer edge = edge(TlsProvider.JDK);

        List<SnapshotProblem> problems = edge.update(snapshot(1, plain, freePort(), new AcmeChallenges(
                List.of(new AcmeChallenges.Http01("../etc", "x")), List.of())));

        assertThat(problems).extracting(SnapshotProblem::render).containsExactly("acme.http01.../etc: token or"
                + " keyAuthorization: not a challenge (expected: a base64url token and its key authorization)");
    }

    @ParameterizedTest
    @EnumSource(value = TlsProvider.class, names = {"OPENSSL", "JDK"})
    void aHelloOfferingOnlyAcmeTls1GetsTheChallengeCertificateAndIsClosedAndOtherHellosTheUsualOne(TlsProvider provider)
            throws Exception {
        int https = freePort();
        EdgeServer edge = edge(provider);
        TestCertificates.Issued challengeCertificate = ca.issue("shop.test");
        assertThat(edge.update(snapshot(1, freePort(), https, new AcmeChallenges(List.of(), List.of(
                new AcmeChallenges.TlsAlpn01("shop.test", challengeCertificate.chainPem(),
                        challengeCertificate.keyPem())))))).isEmpty();

        try (SSLSocket validation = handshake(https, "shop.test", AcmeTlsAlpn.PROTOCOL)) {
            assertThat(validation.getApplicationProtocol()).isEqualTo(AcmeTlsAlpn.PROTOCOL);
            assertThat(leaf(validation)).isEqualTo(challengeCertificate.certificate());
            validation.setSoTimeout(5_000);
            assertThat(validation.getInputStream().read()).as("closed once the handshake is done").isEqualTo(-1);
        }
        try (SSLSocket browser = handshake(https, "shop.test", "h2", "http/1.1")) {
            assertThat(leaf(browser)).isNotEqualTo(challengeCertificate.certificate());
            assertThat(browser.getApplicationProtocol()).isEqualTo("h2");
        }
        try (SSLSocket both = handshake(https, "shop.test", AcmeTlsAlpn.PROTOCOL, "http/1.1")) {
            assertThat(leaf(both)).as("acme-tls/1 among others").isNotEqualTo(challengeCertificate.certificate());
        }
        try (SSLSocket otherHost = handshake(https, "blog.test", AcmeTlsAlpn.PROTOCOL)) {
            assertThat(leaf(otherHost)).as("no challenge for this host").isNotEqualTo(challengeCertificate.certificate());
            otherHost.setSoTimeout(200);
            try {
                assertThat(otherHost.getInputStream().read()).as("not closed by the edge").isNotEqualTo(-1);
            } catch (SocketTimeoutException open) {
                // Still open, waiting for a request: as any connection.
            }
        }

        assertThat(edge.update(snapshot(2, freePort(), https, AcmeChallenges.NONE))).isEmpty();
        try (SSLSocket withdrawn = handshake(https, "shop.test", AcmeTlsAlpn.PROTOCOL)) {
            assertThat(leaf(withdrawn)).isNotEqualTo(challengeCertificate.certificate());
        }
    }

    private SSLSocket handshake(int port, String serverName, String... protocols) throws IOException {
        SSLSocket socket = (SSLSocket) ca.clientContext().getSocketFactory().createSocket(LOOPBACK, port);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName(serverName)));
        parameters.setApplicationProtocols(protocols);
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket;
    }

    private static Certificate leaf(SSLSocket socket) throws IOException {
        return socket.getSession().getPeerCertificates()[0];
    }
}

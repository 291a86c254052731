package dev.moor.server.tls.acme;

import dev.moor.engine.store.CertificateNames;
import dev.moor.engine.store.Store;
import dev.moor.server.tls.CertificateAuthority;
import dev.moor.server.tls.ServerCertificate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A CA that rate-limits, which pebble never does: a directory on loopback HTTPS whose every new account is answered
 * 429 with a {@code rateLimited} problem and {@code Retry-After: 3600}, as Let's Encrypt answers.
 */
class AcmeRateLimitTest {
    private static final ChallengePublisher NO_CHALLENGES = new ChallengePublisher() {
        @Override
        public void publish(AcmeChallenge challenge) {
            throw new AssertionError("a rate-limited order has no challenge");
        }

        @Override
        public void withdraw(AcmeChallenge challenge) {
        }
    };

    @TempDir
    Path dir;

    private HttpsServer server;
    private X509Certificate root;
    private URI directory;
    private final AtomicInteger accountRequests = new AtomicInteger();

    @BeforeEach
    void startRateLimitingCa() throws Exception {
        ServerCertificate https = CertificateAuthority.loadOrCreate(dir.resolve("ca")).issueServer(List.of());
        root = https.ca();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("ca", https.key(), new char[0], new X509Certificate[] {https.certificate(), https.ca()});
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        String base = "https://127.0.0.1:" + server.getAddress().getPort();
        directory = URI.create(base + "/dir");
        server.createContext("/dir", exchange -> answer(exchange, 200, "application/json", """
                {"newNonce": "%1$s/nonce", "newAccount": "%1$s/account", "newOrder": "%1$s/order",
                 "revokeCert": "%1$s/revoke", "keyChange": "%1$s/key-change"}""".formatted(base)));
        server.createContext("/nonce", exchange -> answer(exchange, 200, "text/plain", ""));
        server.createContext("/account", exchange -> {
            accountRequests.incrementAndGet();
            exchange.getResponseHeaders().set("Retry-After", "3600");
            answer(exchange, 429, "application/problem+json", """
                    {"type": "urn:ietf:params:acme:error:rateLimited",
                     "detail": "too many new registrations (10) from this IP address in the last 3h0m0s"}""");
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void answer(HttpExchange exchange, int status, String type, String body) throws IOException {
        try (exchange) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.getResponseHeaders().set("Replay-Nonce", "bm9uY2UtMQ");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            if (exchange.getRequestMethod().equals("HEAD") || bytes.length == 0) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Test
    void aRateLimitNamesTheCasWordsAndTheNextAttemptWaitsForItsRetryAfter() throws Exception {
        CertificateNames names = CertificateNames.of("limited.example.com");
        MovingClock clock = new MovingClock(Instant.now());
        try (Store store = Store.open(dir.resolve("moor.db"), clock)) {
            AcmeIssuer issuer = AcmeIssuer.builder().directory(directory).trustedRoots(List.of(root)).store(store)
                    .clock(clock).publisher(NO_CHALLENGES).build();

            AcmeFailure failure = catchThrowableOfType(AcmeFailure.class, () -> issuer.issue(names));

            assertThat(failure.reason()).isEqualTo(AcmeFailure.Reason.RATE_LIMITED);
            assertThat(failure.getMessage()).isEqualTo("limited.example.com: rate limited by the CA: too many new"
                    + " registrations (10) from this IP address in the last 3h0m0s"
                    + " (urn:ietf:params:acme:error:rateLimited)");
            assertThat(failure.retryAfter()).hasValueSatisfying(at -> assertThat(at)
                    .isBetween(Instant.now().plus(Duration.ofMinutes(59)), Instant.now().plus(Duration.ofMinutes(61))));

            try (CertificateRenewer renewer = CertificateRenewer.builder().issuer(issuer).store(store).clock(clock)
                    .wanted(() -> Set.of(names)).build()) {
                List<RenewalOutcome> outcomes = renewer.check();

                assertThat(outcomes).singleElement().isInstanceOfSatisfying(RenewalOutcome.Failed.class, failed ->
                        assertThat(failed.next()).as("the CA's hour, not the first backoff's 5 minutes")
                                .isAfter(clock.instant().plus(Duration.ofMinutes(59))));
                clock.advance(Duration.ofMinutes(30));
                assertThat(renewer.check()).singleElement().isInstanceOf(RenewalOutcome.NotDue.class);
                assertThat(accountRequests).as("one request per attempt, none while waiting").hasValue(2);
            }
        }
    }
}

package dev.moor.server.tls.acme;

import dev.moor.engine.store.AcmeAccount;
import dev.moor.engine.store.CertificateNames;
import dev.moor.engine.store.IssuedCertificate;
import dev.moor.engine.store.Store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class AcmeIssuerTest {
    @RegisterExtension
    static final PebbleExtension PEBBLE = new PebbleExtension();

    /** Answers nothing: the CA finds no token and no challenge certificate. */
    private static final ChallengePublisher SILENT = new ChallengePublisher() {
        @Override
        public void publish(AcmeChallenge challenge) {
        }

        @Override
        public void withdraw(AcmeChallenge challenge) {
        }
    };

    @TempDir
    Path dir;

    private Store store;

    @BeforeEach
    void openStore() {
        store = Store.open(dir.resolve("moor.db"), Clock.systemUTC());
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private AcmeIssuerBuilder issuer() {
        return AcmeIssuer.builder()
                .directory(PEBBLE.directory())
                .trustedRoots(PEBBLE.directoryRoots())
                .contact("ops@example.com")
                .store(store)
                .publisher(PEBBLE.responder())
                .timeout(Duration.ofSeconds(30));
    }

    @Test
    void aCertificateIsIssuedThroughHttp01() throws Exception {
        CertificateNames names = CertificateNames.of("http.example.com", "www.http.example.com");

        IssuedCertificate certificate = issuer().build().issue(names);

        CertificateChecks.verify(certificate, names, PEBBLE.issuingRoot());
        assertThat(PEBBLE.responder().answered())
                .as("pebble fetched each name's token from the responder")
                .contains("http-01 http.example.com", "http-01 www.http.example.com");
        List<AcmeChallenge> published = publishedFor(names);
        assertThat(published).hasSize(2).allSatisfy(c -> assertThat(c).isInstanceOf(AcmeChallenge.Http01.class));
        assertThat(PEBBLE.responder().withdrawn()).containsAll(published);
        assertThat(certificate.directory()).isEqualTo(PEBBLE.directory().toString());
    }

    @Test
    void aCertificateIsIssuedThroughTlsAlpn01() throws Exception {
        CertificateNames names = CertificateNames.of("alpn.example.com");

        IssuedCertificate certificate = issuer().build().issue(names, ChallengeType.TLS_ALPN_01);

        CertificateChecks.verify(certificate, names, PEBBLE.issuingRoot());
        assertThat(PEBBLE.responder().answered())
                .as("pebble made a TLS handshake with SNI alpn.example.com and ALPN acme-tls/1")
                .contains("tls-alpn-01 alpn.example.com");
        List<AcmeChallenge> published = publishedFor(names);
        assertThat(published).singleElement().isInstanceOfSatisfying(AcmeChallenge.TlsAlpn01.class, challenge -> {
            X509Certificate challengeCertificate = Pems.certificates(challenge.certificatePem()).getFirst();
            assertThat(challengeCertificate.getCriticalExtensionOIDs()).contains("1.3.6.1.5.5.7.1.31");
            assertThat(challenge.toString()).doesNotContain("PRIVATE KEY");
        });
        assertThat(PEBBLE.responder().withdrawn()).containsAll(published);
    }

    @Test
    void theIssuersChallengeTypeAndKeyTypeAreItsOrdersDefaults() throws Exception {
        CertificateNames names = CertificateNames.of("rsa.example.com");

        IssuedCertificate certificate = issuer().challengeType(ChallengeType.TLS_ALPN_01)
                .keyType(CertificateKeyType.RSA_2048).build().issue(names);

        X509Certificate leaf = Pems.certificates(certificate.chainPem()).getFirst();
        assertThat(leaf.getPublicKey()).isInstanceOfSatisfying(RSAPublicKey.class,
                key -> assertThat(key.getModulus().bitLength()).isEqualTo(2048));
        assertThat(CertificateChecks.keyMatches(Pems.privateKey(certificate.keyPem()), leaf)).isTrue();
        assertThat(publishedFor(names)).singleElement().isInstanceOf(AcmeChallenge.TlsAlpn01.class);
    }

    @Test
    void theAccountKeyIsMadeOnceAndKeptInTheStore() throws Exception {
        issuer().build().issue(CertificateNames.of("account-1.example.com"));
        AcmeAccount first = store.acmeAccount(PEBBLE.directory().toString()).orElseThrow();

        issuer().build().issue(CertificateNames.of("account-2.example.com"));
        AcmeAccount second = store.acmeAccount(PEBBLE.directory().toString()).orElseThrow();

        assertThat(first.location()).isPresent();
        assertThat(second).isEqualTo(first);
        assertThat(first.keyPem()).contains("BEGIN PRIVATE KEY", "BEGIN PUBLIC KEY");
    }

    @Test
    void anAccountKeyOfTheOperatorsIsUsedAndRegistered() throws Exception {
        issuer().build().issue(CertificateNames.of("own-key-1.example.com"));
        AcmeAccount generated = store.acmeAccount(PEBBLE.directory().toString()).orElseThrow();
        java.security.KeyPair own = CertificateKeyType.EC_P256.generate();

        issuer().accountKey(own).build().issue(CertificateNames.of("own-key-2.example.com"));

        AcmeAccount used = store.acmeAccount(PEBBLE.directory().toString()).orElseThrow();
        assertThat(used.keyPem()).isEqualTo(PemText.keyPair(own));
        assertThat(used.location()).isPresent().isNotEqualTo(generated.location());
    }

    @Test
    void aChallengeNobodyAnswersFailsNamingTheHostAndTheCasProblem() {
        CertificateNames names = CertificateNames.of("unanswered.example.com");

        AcmeFailure failure = catchThrowableOfType(AcmeFailure.class,
                () -> issuer().publisher(SILENT).build().issue(names));

        assertThat(failure.reason()).isEqualTo(AcmeFailure.Reason.CHALLENGE_INVALID);
        assertThat(failure.host()).isEqualTo("unanswered.example.com");
        assertThat(failure.names()).isEqualTo(names);
        assertThat(failure.getMessage())
                .startsWith("unanswered.example.com: challenge invalid: http-01: ")
                .contains("404")
                .contains("(urn:ietf:params:acme:error:");
    }

    @Test
    void aTlsAlpnChallengeNobodyAnswersFailsToo() {
        AcmeFailure failure = catchThrowableOfType(AcmeFailure.class, () -> issuer().publisher(SILENT).build()
                .issue(CertificateNames.of("alpn-unanswered.example.com"), ChallengeType.TLS_ALPN_01));

        assertThat(failure.reason()).isEqualTo(AcmeFailure.Reason.CHALLENGE_INVALID);
        assertThat(failure.getMessage()).startsWith("alpn-unanswered.example.com: challenge invalid: tls-alpn-01: ")
                .contains("(urn:ietf:params:acme:error:");
    }

    @Test
    void aNameTheCaRefusesFailsWithItsProblem() {
        AcmeFailure failure = catchThrowableOfType(AcmeFailure.class,
                () -> issuer().build().issue(CertificateNames.of("refused.example.com", "127.0.0.1")));

        assertThat(failure.reason()).isEqualTo(AcmeFailure.Reason.REFUSED);
        assertThat(failure.getMessage()).isEqualTo("127.0.0.1: refused by the CA: Order included a DNS identifier"
                + " with an IP address value: \"127.0.0.1\" (urn:ietf:params:acme:error:malformed)"
                + " (certificate for 127.0.0.1, refused.example.com)");
    }

    @Test
    void anUnreachableDirectoryFailsNamingIt() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        URI nowhere = URI.create("https://127.0.0.1:" + closed + "/dir");

        AcmeFailure failure = catchThrowableOfType(AcmeFailure.class,
                () -> issuer().directory(nowhere).build().issue(CertificateNames.of("nowhere.example.com")));

        assertThat(failure.reason()).isEqualTo(AcmeFailure.Reason.DIRECTORY_UNREACHABLE);
        assertThat(failure.getMessage())
                .startsWith("nowhere.example.com: cannot reach the ACME directory: " + nowhere + ": ")
                .contains("ConnectException");
        assertThat(store.acmeAccount(nowhere.toString())).as("the key is kept for the next attempt").isPresent();
    }

    @Test
    void aCaSlowerThanTheTimeoutFailsNamingWhatItWaitedFor() {
        CertificateNames names = CertificateNames.of("impatient.example.com");

        AcmeFailure failure = catchThrowableOfType(AcmeFailure.class,
                () -> issuer().timeout(Duration.ofMillis(100)).build().issue(names));

        assertThat(failure.reason()).isEqualTo(AcmeFailure.Reason.TIMEOUT);
        assertThat(failure.getMessage()).matches("impatient\\.example\\.com: timed out: the http-01 challenge is still"
                + " (pending|processing) after \\d+ ms \\(timeout: PT0\\.1S\\)");
        assertThat(PEBBLE.responder().withdrawn()).containsAll(publishedFor(names));
    }

    @Test
    void aPublisherThatFailsFailsTheOrderAndTheChallengeIsWithdrawn() {
        List<AcmeChallenge> withdrawn = new ArrayList<>();
        ChallengePublisher failing = new ChallengePublisher() {
            @Override
            public void publish(AcmeChallenge challenge) {
                throw new IllegalStateException("the edge did not acknowledge snapshot 12 within 5 s");
            }

            @Override
            public void withdraw(AcmeChallenge challenge) {
                withdrawn.add(challenge);
            }
        };

        AcmeFailure failure = catchThrowableOfType(AcmeFailure.class,
                () -> issuer().publisher(failing).build().issue(CertificateNames.of("unpublished.example.com")));

        assertThat(failure.getMessage()).isEqualTo("unpublished.example.com: the challenge could not be published:"
                + " http-01: the edge did not acknowledge snapshot 12 within 5 s");
        assertThat(withdrawn).singleElement().extracting(AcmeChallenge::host).isEqualTo("unpublished.example.com");
    }

    @Test
    void settingsAreCheckedWhenBuilt() {
        assertThatThrownBy(() -> issuer().directory(URI.create("http://127.0.0.1/dir")).build())
                .hasMessage("directory: http://127.0.0.1/dir (expected: an https:// URL of an ACME directory, or an"
                        + " acme:// name such as acme://letsencrypt.org)");
        assertThatThrownBy(() -> issuer().contact("ops at example.com").build())
                .hasMessage("contact: ops at example.com (expected: an email address such as ops@example.com)");
        assertThatThrownBy(() -> issuer().timeout(Duration.ofSeconds(-1)).build())
                .hasMessage("timeout: PT-1S (expected: > 0)");
        assertThatThrownBy(() -> issuer().directory(URI.create("acme://letsencrypt.org/staging")).build())
                .hasMessage("trustedRoots: given for acme://letsencrypt.org/staging (expected: an https:// directory;"
                        + " an acme:// name brings its own trust)");
        assertThatThrownBy(() -> AcmeIssuer.builder().directory(PEBBLE.directory()).store(store).build())
                .hasMessage("publisher");
    }

    private static List<AcmeChallenge> publishedFor(CertificateNames names) {
        return PEBBLE.responder().published().stream().filter(c -> names.names().contains(c.host())).toList();
    }
}

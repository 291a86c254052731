package dev.moor.server.https;

import dev.moor.engine.store.CertificateNames;
import dev.moor.engine.store.IssuedCertificate;
import dev.moor.engine.store.Store;
import dev.moor.snapshot.TlsCertificate;
import dev.moor.spec.AppSpec;
import dev.moor.spec.SpecException;
import dev.moor.spec.SpecLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Each app's certificate as its file says, and certificate files watched while they are served. */
class HttpsCertificatesTest {
    @TempDir
    Path dir;
    private final TestPki pki = new TestPki();
    private final List<TlsCertificate> changed = new CopyOnWriteArrayList<>();
    private final List<List<String>> invalid = new CopyOnWriteArrayList<>();
    private final List<String> orderFailures = new CopyOnWriteArrayList<>();
    private Store store;
    private HttpsCertificates certificates;

    @AfterEach
    void close() {
        if (certificates != null) {
            certificates.close();
        }
        if (store != null) {
            store.close();
        }
    }

    private HttpsCertificates certificates() {
        store = Store.open(dir.resolve("moor.db"), Clock.systemUTC());
        certificates = new HttpsCertificates(dir.resolve("dev-ca"), store, Clock.systemUTC(), Duration.ofMillis(100),
                new HttpsCertificates.Listener() {
                    @Override
                    public void changed(String app, TlsCertificate certificate) {
                        changed.add(certificate);
                    }

                    @Override
                    public void invalid(String app, List<String> reasons) {
                        invalid.add(reasons);
                    }

                    @Override
                    public void orderFailed(String app, String reason, boolean previousServes) {
                        orderFailures.add(app + ": " + reason + (previousServes ? " (previous serves)" : ""));
                    }
                });
        return certificates;
    }

    private AppSpec app(String certificate) throws SpecException {
        return SpecLoader.parse("""
                app: shop
                services: {web: {image: web:1, port: 8080}}
                routes: [{path: /, service: web}]
                edge:
                  listen: 8080
                  https: {hosts: [www.example.com], certificate: %s}
                """.formatted(certificate), dir.resolve("moor.yaml"));
    }

    /** The pair in {@code live/}, a symbolic link swapped at once to a new version, as certbot does. */
    private void install(TestPki.Files files, String version) throws Exception {
        Path directory = Files.createDirectories(dir.resolve(version));
        Files.copy(files.chain(), directory.resolve("chain.pem"));
        Files.copy(files.key(), directory.resolve("key.pem"));
        Path link = Files.createSymbolicLink(dir.resolve("live.new"), directory);
        Files.move(link, dir.resolve("live"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void changedFilesAreServedWhenTheyHoldAndReportedOnceWhenTheyDoNot() throws Exception {
        install(pki.issue(dir.resolve("issued/1"), "www.example.com"), "v1");
        AppSpec shop = app("{chain: live/chain.pem, key: live/key.pem}");
        HttpsCertificates certificates = certificates();
        TlsCertificate served = certificates.resolve(shop).orElseThrow();
        certificates.serve(shop, Optional.of(served));

        install(pki.issue(dir.resolve("issued/2"), Instant.now().minus(Duration.ofDays(60)),
                Instant.now().minus(Duration.ofDays(1)), "EC", TestPki.KeyForm.PKCS8, "www.example.com"), "v2");

        await().atMost(Duration.ofSeconds(10)).until(() -> !invalid.isEmpty());
        assertThat(invalid.getFirst()).singleElement().asString().startsWith("edge.https.certificate.chain: "
                + dir.resolve("live/chain.pem") + ": the certificate (CN=www.example.com) expired on ");
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> invalid.size() == 1);
        assertThat(changed).isEmpty();

        TestPki.Files renewed = pki.issue(dir.resolve("issued/3"), "www.example.com");
        install(renewed, "v3");

        await().atMost(Duration.ofSeconds(10)).until(() -> !changed.isEmpty());
        assertThat(changed).singleElement().satisfies(certificate -> {
            assertThat(certificate).isNotEqualTo(served);
            assertThat(certificate.chain()).isEqualTo(Files.readString(renewed.chain()));
        });
    }

    @Test
    void aDevelopmentCertificateComesFromTheCaWhoseRootIsNamedAndFilesThatDoNotHoldAreRefused() throws Exception {
        HttpsCertificates certificates = certificates();
        assertThat(certificates.developmentRoot()).as("no CA before a first certificate").isEmpty();

        assertThat(certificates.resolve(app("dev"))).hasValueSatisfying(certificate ->
                assertThat(certificate.hosts()).containsExactly("www.example.com"));
        assertThat(certificates.developmentRoot()).contains(dir.resolve("dev-ca/ca.pem"));

        TestPki.Files other = pki.issue(dir.resolve("other"), "other.example.com");
        AppSpec wrongHost = app("{chain: other/other.example.com.pem, key: other/other.example.com-key.pem}");
        assertThatThrownBy(() -> certificates.resolve(wrongHost)).isInstanceOf(InvalidCertificateException.class)
                .hasMessage("edge.https.hosts[0]: www.example.com is not covered by the certificate in " + other.chain()
                        + " (its names: other.example.com)");
    }

    /** A certificate as the renewer stores it, from the test CA, for www.example.com. */
    private IssuedCertificate issued(Instant notBefore, Instant notAfter) throws Exception {
        TestPki.Files files = pki.issue(dir.resolve("acme-" + notAfter.toEpochMilli()), notBefore, notAfter, "EC",
                TestPki.KeyForm.PKCS8, "www.example.com");
        return new IssuedCertificate(CertificateNames.of("www.example.com"), "https://ca.example/dir",
                Files.readString(files.chain()), Files.readString(files.key()), notBefore, notAfter, Instant.now());
    }

    @Test
    void anAcmeCertificateIsTheStoresWhileValidAndEachOneIssuedIsServedAndAFailedOrderIsHeard() throws Exception {
        HttpsCertificates certificates = certificates();
        AppSpec shop = app("acme");
        CertificateNames names = CertificateNames.of("www.example.com");

        assertThat(certificates.resolve(shop)).as("none issued yet").isEmpty();
        store.saveCertificate(issued(Instant.now().minus(Duration.ofDays(90)), Instant.now().minusSeconds(1)));
        assertThat(certificates.resolve(shop)).as("expired").isEmpty();
        certificates.serve(shop, Optional.empty());
        assertThat(certificates.acmeNames()).containsExactly(names);
        assertThat(certificates.status()).singleElement().satisfies(status -> {
            assertThat(status.source()).isEqualTo("acme https://ca.example/dir");
            assertThat(status.notAfter()).isEmpty();
        });

        certificates.orderFailed(names, "www.example.com: challenge invalid: http-01: 404");
        assertThat(orderFailures).containsExactly("shop: www.example.com: challenge invalid: http-01: 404");

        IssuedCertificate fresh = issued(Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(90)));
        store.saveCertificate(fresh);
        certificates.issued(fresh);
        assertThat(changed).singleElement().satisfies(certificate -> {
            assertThat(certificate.name()).isEqualTo("shop");
            assertThat(certificate.hosts()).containsExactly("www.example.com");
            assertThat(certificate.chain()).isEqualTo(fresh.chainPem());
        });
        assertThat(certificates.resolve(shop)).contains(changed.getFirst());
        assertThat(certificates.status()).singleElement().satisfies(status ->
                assertThat(status.notAfter()).contains(fresh.notAfter().truncatedTo(ChronoUnit.SECONDS)));
        certificates.orderFailed(names, "timed out");
        assertThat(orderFailures).last().isEqualTo("shop: timed out (previous serves)");

        certificates.issued(new IssuedCertificate(CertificateNames.of("other.example.com"), fresh.directory(),
                fresh.chainPem(), fresh.keyPem(), fresh.notBefore(), fresh.notAfter(), fresh.issuedAt()));
        assertThat(changed).as("another app's names").hasSize(1);
        certificates.forget("shop");
        assertThat(certificates.acmeNames()).isEmpty();
    }

    @Test
    void aCertificateStoredBetweenResolvingAndServingIsServedAllTheSame() throws Exception {
        HttpsCertificates certificates = certificates();
        AppSpec shop = app("acme");
        Optional<TlsCertificate> resolved = certificates.resolve(shop);
        IssuedCertificate issuedMeanwhile = issued(Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(90)));
        store.saveCertificate(issuedMeanwhile);
        certificates.issued(issuedMeanwhile);
        assertThat(changed).as("no app served yet").isEmpty();

        certificates.serve(shop, resolved);

        assertThat(changed).singleElement().satisfies(certificate ->
                assertThat(certificate.chain()).isEqualTo(issuedMeanwhile.chainPem()));
    }
}

package dev.moor.server.https;

import dev.moor.snapshot.TlsCertificate;
import dev.moor.spec.CertificateSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Certificate files are checked before anything is served with them; each problem names the file and the reason. */
class CertificateFilesTest {
    @TempDir
    Path dir;
    private final TestPki pki = new TestPki();

    private static TlsCertificate read(TestPki.Files files, List<String> hosts) {
        CertificateSpec.Files spec = new CertificateSpec.Files(files.chain(), files.key());
        return CertificateFiles.read("shop", spec, CertificateFiles.contents(spec), hosts, Instant.now());
    }

    private static List<String> reasons(TestPki.Files files, List<String> hosts) {
        try {
            read(files, hosts);
            throw new AssertionError("expected the files to be refused");
        } catch (InvalidCertificateException e) {
            return e.reasons();
        }
    }

    @Test
    void aValidPairBecomesTheSnapshotsCertificateWithItsKeyInPkcs8WhateverTheFileHeld() throws Exception {
        for (TestPki.KeyForm form : List.of(TestPki.KeyForm.PKCS8, TestPki.KeyForm.TRADITIONAL)) {
            for (String algorithm : List.of("EC", "RSA")) {
                TestPki.Files files = pki.issue(dir.resolve(form + algorithm), Instant.now().minusSeconds(60),
                        Instant.now().plus(Duration.ofDays(90)), algorithm, form, "www.example.com", "*.shop.test");

                TlsCertificate certificate = read(files, List.of("www.example.com", "a.shop.test", "*.shop.test"));

                assertThat(Files.readString(files.key())).as("%s %s", form, algorithm)
                        .contains(form == TestPki.KeyForm.PKCS8 ? "BEGIN PRIVATE KEY" : "BEGIN " + algorithm);
                assertThat(certificate.key()).startsWith("-----BEGIN PRIVATE KEY-----");
                assertThat(certificate.chain()).contains("BEGIN CERTIFICATE");
                assertThat(certificate.name()).isEqualTo("shop");
                assertThat(certificate.hosts()).containsExactly("www.example.com", "a.shop.test", "*.shop.test");
            }
        }
    }

    @Test
    void anExpiredOrNotYetValidCertificateIsRefusedWithItsDates() throws Exception {
        Instant now = Instant.now();
        TestPki.Files expired = pki.issue(dir.resolve("old"), now.minus(Duration.ofDays(90)),
                now.minus(Duration.ofDays(1)), "EC", TestPki.KeyForm.PKCS8, "www.example.com");
        TestPki.Files early = pki.issue(dir.resolve("new"), now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(90)),
                "EC", TestPki.KeyForm.PKCS8, "www.example.com");

        assertThat(reasons(expired, List.of("www.example.com"))).containsExactly("edge.https.certificate.chain: "
                + expired.chain() + ": the certificate (CN=www.example.com) expired on "
                + expired.certificate().getNotAfter().toInstant() + " (expected: a certificate valid now)");
        assertThat(reasons(early, List.of("www.example.com"))).containsExactly("edge.https.certificate.chain: "
                + early.chain() + ": the certificate (CN=www.example.com) is valid only from "
                + early.certificate().getNotBefore().toInstant() + " (expected: a certificate valid now)");
    }

    @Test
    void aKeyOfAnotherCertificateIsRefused() throws Exception {
        TestPki.Files shop = pki.issue(dir.resolve("shop"), "www.example.com");
        TestPki.Files other = pki.issue(dir.resolve("other"), "other.example.com");

        assertThat(reasons(new TestPki.Files(shop.chain(), other.key(), shop.certificate()), List.of("www.example.com")))
                .containsExactly("edge.https.certificate.key: " + other.key() + ": not the key of the certificate in "
                        + shop.chain() + " (CN=www.example.com) (expected: the private key of the chain's first"
                        + " certificate)");
    }

    @Test
    void hostsTheCertificateDoesNotCoverAreEachRefusedWithItsNames() throws Exception {
        TestPki.Files files = pki.issue(dir, "www.example.com", "*.shop.test");

        assertThat(reasons(files, List.of("www.example.com", "api.example.com", "a.b.shop.test", "*.example.com")))
                .containsExactly(
                        "edge.https.hosts[1]: api.example.com is not covered by the certificate in " + files.chain()
                                + " (its names: www.example.com, *.shop.test)",
                        "edge.https.hosts[2]: a.b.shop.test is not covered by the certificate in " + files.chain()
                                + " (its names: www.example.com, *.shop.test)",
                        "edge.https.hosts[3]: *.example.com is not covered by the certificate in " + files.chain()
                                + " (its names: www.example.com, *.shop.test)");
    }

    @Test
    void filesThatAreNotACertificateAndAKeyAreRefusedSayingWhatTheyHold() throws Exception {
        TestPki.Files files = pki.issue(dir, "www.example.com");
        TestPki.Files encrypted = pki.issue(dir.resolve("encrypted"), Instant.now().minusSeconds(60),
                Instant.now().plus(Duration.ofDays(9)), "EC", TestPki.KeyForm.ENCRYPTED, "www.example.com");
        Path text = Files.writeString(dir.resolve("notes.txt"), "not PEM at all\n");
        List<String> hosts = List.of("www.example.com");

        assertThat(reasons(new TestPki.Files(files.key(), files.key(), null), hosts)).containsExactly(
                "edge.https.certificate.chain: " + files.key() + ": holds a private key (expected: PEM certificates,"
                        + " \"BEGIN CERTIFICATE\", the host's first)");
        assertThat(reasons(new TestPki.Files(text, files.key(), null), hosts)).containsExactly(
                "edge.https.certificate.chain: " + text + ": holds no certificate (expected: PEM certificates, \"BEGIN"
                        + " CERTIFICATE\", the host's first)");
        assertThat(reasons(new TestPki.Files(files.chain(), files.chain(), null), hosts)).containsExactly(
                "edge.https.certificate.key: " + files.chain() + ": holds 2 PEM blocks (expected: one, an unencrypted"
                        + " PEM private key: \"BEGIN PRIVATE KEY\", \"BEGIN RSA PRIVATE KEY\" or \"BEGIN EC PRIVATE"
                        + " KEY\")");
        assertThat(reasons(encrypted, hosts)).containsExactly("edge.https.certificate.key: " + encrypted.key() + ": holds"
                + " an encrypted private key (expected: an unencrypted one; openssl pkey -in " + encrypted.key()
                + " -out FILE writes one)");
        Path missing = dir.resolve("gone.pem");
        assertThatThrownBy(() -> read(new TestPki.Files(missing, files.key(), null), hosts))
                .isInstanceOf(InvalidCertificateException.class)
                .hasMessage("edge.https.certificate.chain: " + missing + ": cannot read it (NoSuchFileException)");
    }
}

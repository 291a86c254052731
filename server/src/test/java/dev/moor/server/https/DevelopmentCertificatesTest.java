package dev.moor.server.https;

import dev.moor.snapshot.TlsCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The development CA: made once per home, its certificates issued per app, kept, and issued again when due. */
class DevelopmentCertificatesTest {
    @TempDir
    Path dir;

    private static X509Certificate x509(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String mode(Path file) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    @Test
    void theCaIsMadeOnceAndIssuesEachAppACertificateForItsHostsKeptOwnerOnly() throws Exception {
        Path ca = dir.resolve("dev-ca");
        DevelopmentCertificates development = new DevelopmentCertificates(ca, Clock.systemUTC());

        TlsCertificate shop = development.certificate("shop", List.of("www.example.com", "*.shop.test"));

        X509Certificate root = x509(Files.readString(development.rootCertificate()));
        X509Certificate leaf = x509(shop.chain());
        leaf.verify(root.getPublicKey());
        assertThat(root.getSubjectX500Principal().getName()).contains("CN=Moor development CA");
        assertThat(CertificateFiles.dnsNames(leaf)).contains("www.example.com", "*.shop.test", "localhost");
        assertThat(shop.key()).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(shop.hosts()).containsExactly("www.example.com", "*.shop.test");
        assertThat(mode(ca.resolve("ca-key.pem"))).isEqualTo("rw-------");
        assertThat(mode(ca.resolve("issued/shop-key.pem"))).isEqualTo("rw-------");
        assertThat(mode(ca)).isEqualTo("rwx------");

        DevelopmentCertificates restarted = new DevelopmentCertificates(ca, Clock.systemUTC());
        assertThat(restarted.certificate("shop", List.of("www.example.com", "*.shop.test")))
                .as("kept across restarts").isEqualTo(shop);
        assertThat(x509(restarted.certificate("blog", List.of("blog.test")).chain()).getIssuerX500Principal())
                .as("one CA for every app").isEqualTo(root.getSubjectX500Principal());
        assertThat(restarted.certificate("shop", List.of("www.example.com", "api.example.com")))
                .as("issued again for other hosts").isNotEqualTo(shop)
                .satisfies(next -> assertThat(CertificateFiles.dnsNames(x509(next.chain()))).contains("api.example.com"));
    }

    @Test
    void aCertificateWithLessThanAMonthLeftIsDueAndIssuedAgain() throws Exception {
        Path ca = dir.resolve("dev-ca");
        TlsCertificate issued = new DevelopmentCertificates(ca, Clock.systemUTC())
                .certificate("shop", List.of("www.example.com"));
        Instant notAfter = x509(issued.chain()).getNotAfter().toInstant();
        DevelopmentCertificates later = new DevelopmentCertificates(ca,
                Clock.fixed(notAfter.minus(Duration.ofDays(29)), ZoneOffset.UTC));

        assertThat(new DevelopmentCertificates(ca, Clock.systemUTC()).dueForRenewal(issued)).isFalse();
        assertThat(later.dueForRenewal(issued)).isTrue();
        TlsCertificate renewed = later.certificate("shop", List.of("www.example.com"));
        assertThat(renewed).isNotEqualTo(issued);
        assertThat(x509(renewed.chain()).getNotAfter().toInstant()).isAfter(notAfter);
    }
}

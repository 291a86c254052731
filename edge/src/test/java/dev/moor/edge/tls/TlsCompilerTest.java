package dev.moor.edge.tls;

import dev.moor.snapshot.Https;
import dev.moor.snapshot.SnapshotProblem;
import dev.moor.snapshot.TlsCertificate;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a snapshot's certificates compile to, and what is reported when one cannot be used. */
class TlsCompilerTest {
    private final TestCertificates ca = TestCertificates.authority("Moor test CA");
    private final TlsCompiler compiler = new TlsCompiler(TlsProvider.JDK);

    private List<String> problems(TlsCertificate... certificates) {
        List<SnapshotProblem> problems = new ArrayList<>();
        compiler.compile(Optional.of(new Https(8443, List.of(certificates), true)), List.of(), problems);
        return problems.stream().map(SnapshotProblem::render).toList();
    }

    @Test
    void withoutHttpsThereIsNoListener() {
        List<SnapshotProblem> problems = new ArrayList<>();

        assertThat(compiler.compile(Optional.empty(), List.of(), problems)).isNull();
        assertThat(problems).isEmpty();
    }

    @Test
    void usableCertificatesAreNoProblem() {
        assertThat(problems(ca.issue("shop.test").snapshot("shop", "shop.test"),
                ca.issue("blog.test", "*.blog.test").snapshot("blog", "Blog.test", "*.blog.test"))).isEmpty();
    }

    @Test
    void whatMakesACertificateUnusableIsSaidAndItsNamesAreNotServed() {
        TestCertificates.Issued shop = ca.issue("shop.test");
        String notServed = "; its hosts are not served over HTTPS";

        assertThat(problems(new TlsCertificate("shop", List.of("shop.test"), "garbage", shop.keyPem())))
                .first().asString().startsWith("https.certificates.shop: chain: not PEM certificates (")
                .endsWith(notServed);
        assertThat(problems(new TlsCertificate("shop", List.of("shop.test"), shop.chainPem(), "-----BEGIN RSA PRIVATE"
                + " KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n"))).containsExactly("https.certificates.shop: key: not"
                + " a PKCS#8 private key (expected: a \"BEGIN PRIVATE KEY\" block)" + notServed, "https: no usable"
                + " certificate: handshakes on port 8443 fail");
        assertThat(problems(ca.issue("shop.test").withKeyOf(ca.issue("other.test")).snapshot("shop", "shop.test")))
                .first().asString().isEqualTo("https.certificates.shop: key: not the key of the certificate"
                        + " CN=shop.test (expected: the private key of the chain's first certificate)" + notServed);
        assertThat(problems(new TlsCertificate("shop", List.of(), shop.chainPem(), shop.keyPem()))).first().asString()
                .isEqualTo("https.certificates.shop: hosts: none (expected: the names it is presented for)" + notServed);
    }

    @Test
    void aNameIsPresentedByOneCertificateAndMustBeAName() {
        assertThat(problems(ca.issue("shop.test").snapshot("shop", "shop.test"),
                ca.issue("shop.test", "blog.test").snapshot("blog", "blog.test", "SHOP.test", "shop test")))
                .containsExactly("https.certificates.blog: host: shop.test is presented by certificate shop already"
                                + " (expected: each name once)",
                        "https.certificates.blog: host: shop test (expected: a DNS name, or *. and a domain)");
    }

    @Test
    void sniFindsTheExactNameThenTheWildcardOfItsDomainThenTheDefaultAndRefusesUnusableNames() throws SSLException {
        SslContext shop = context("shop.test");
        SslContext blog = context("x.blog.test");
        SslContext fallback = context("default.test");
        SniCertificates certificates = new SniCertificates(new CertificateNames<>(Map.of("shop.test", shop),
                Map.of("blog.test", blog), Map.of("bad.test", "certificate bad: expired", "*.bad.test",
                "certificate bad: expired"), fallback), Map.of(), Map.of());

        assertThat(certificates.map("shop.test")).isSameAs(shop);
        assertThat(certificates.map("www.blog.test")).isSameAs(blog);
        assertThat(certificates.map("a.b.blog.test")).as("a wildcard covers one label, as certificates do")
                .isSameAs(fallback);
        assertThat(certificates.map("other.test")).isSameAs(fallback);
        assertThat(certificates.map(null)).as("no SNI").isSameAs(fallback);
        assertThatThrownBy(() -> certificates.map("bad.test")).hasMessage("bad.test: its certificate is not served"
                + " (certificate bad: expired)");
        assertThatThrownBy(() -> certificates.map("www.bad.test")).hasMessage("www.bad.test: its certificate is not"
                + " served (certificate bad: expired)");
        assertThatThrownBy(() -> new SniCertificates(new CertificateNames<>(Map.of(), Map.of(), Map.of(), null),
                Map.of(), Map.of()).map(null))
                .hasMessage("no usable certificate for a client without SNI");
    }

    private SslContext context(String name) throws SSLException {
        TestCertificates.Issued issued = ca.issue(name);
        return SslContextBuilder.forServer(issued.key(), issued.certificate()).sslProvider(SslProvider.JDK).build();
    }
}

package dev.moor.server.https;

import dev.moor.server.tls.CertificateAuthority;
import dev.moor.server.tls.Pem;
import dev.moor.server.tls.ServerCertificate;
import dev.moor.snapshot.TlsCertificate;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The certificates of {@code certificate: dev}: issued by the server's development CA, created once in its directory
 * of {@code $MOOR_HOME} (its root certificate is what a browser or curl is told to trust), one per app, kept there
 * (keys 0600) and issued again when the app's hosts change or it has less than {@link #RENEW_BEFORE} left.
 */
final class DevelopmentCertificates {
    static final Duration RENEW_BEFORE = Duration.ofDays(30);
    private static final String ISSUED = "issued";

    private final Path directory;
    private final Clock clock;
    private CertificateAuthority authority;

    DevelopmentCertificates(Path directory, Clock clock) {
        this.directory = directory;
        this.clock = clock;
    }

    /** The CA's certificate, to trust; it exists once a first development certificate was issued. */
    Path rootCertificate() {
        return directory.resolve(CertificateAuthority.CERTIFICATE_FILE);
    }

    /**
     * The app's certificate for {@code hosts}: the one kept, while it comes from this CA, covers them and has more than
     * {@link #RENEW_BEFORE} left, else a new one, kept in its place.
     *
     * @throws IllegalStateException when the CA cannot be loaded or created (its directory, its key's mode)
     */
    synchronized TlsCertificate certificate(String app, List<String> hosts) {
        CertificateAuthority ca = authority();
        Path certificateFile = directory.resolve(ISSUED).resolve(app + ".pem");
        Path keyFile = directory.resolve(ISSUED).resolve(app + "-key.pem");
        Optional<TlsCertificate> kept = kept(app, hosts, certificateFile, keyFile, ca.certificate());
        if (kept.isPresent()) {
            return kept.get();
        }
        ServerCertificate issued = ca.issueServer(hosts);
        TlsCertificate certificate = new TlsCertificate(app, hosts, Pem.certificates(List.of(issued.certificate())),
                Pem.privateKey(issued.key()));
        try {
            Pem.createOwnerOnlyDirectory(directory.resolve(ISSUED));
            Pem.writeOwnerOnly(keyFile, certificate.key());
            Pem.writeOwnerOnly(certificateFile, certificate.chain());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the development certificate of app " + app + " in "
                    + certificateFile.getParent() + ": " + e.getMessage(), e);
        }
        return certificate;
    }

    /** Whether the certificate will be issued again at the next look: it has too little time left. */
    synchronized boolean dueForRenewal(TlsCertificate certificate) {
        return leaf(certificate.chain()).map(this::expiresSoon).orElse(true);
    }

    private CertificateAuthority authority() {
        if (authority == null) {
            authority = CertificateAuthority.loadOrCreateDevelopment(directory, clock);
        }
        return authority;
    }

    private Optional<TlsCertificate> kept(String app, List<String> hosts, Path certificateFile, Path keyFile,
                                          X509Certificate ca) {
        String chain;
        String key;
        try {
            chain = Files.readString(certificateFile, StandardCharsets.US_ASCII);
            key = Files.readString(keyFile, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the development certificate of app " + app + ": "
                    + e.getMessage(), e);
        }
        Optional<X509Certificate> leaf = leaf(chain);
        if (leaf.isEmpty() || expiresSoon(leaf.get()) || !issuedBy(leaf.get(), ca) || !readable(key)
                || !hosts.stream().allMatch(host -> CertificateFiles.covers(CertificateFiles.dnsNames(leaf.get()), host))) {
            return Optional.empty();
        }
        return Optional.of(new TlsCertificate(app, hosts, chain, key));
    }

    private boolean expiresSoon(X509Certificate certificate) {
        return certificate.getNotAfter().toInstant().isBefore(clock.instant().plus(RENEW_BEFORE));
    }

    private static boolean issuedBy(X509Certificate certificate, X509Certificate ca) {
        try {
            certificate.verify(ca.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static Optional<X509Certificate> leaf(String pem) {
        try (Reader reader = new StringReader(pem); PEMParser parser = new PEMParser(reader)) {
            return parser.readObject() instanceof X509CertificateHolder holder
                    ? Optional.of(new JcaX509CertificateConverter().getCertificate(holder)) : Optional.empty();
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean readable(String pem) {
        try (Reader reader = new StringReader(pem); PEMParser parser = new PEMParser(reader)) {
            if (parser.readObject() instanceof PrivateKeyInfo info) {
                PrivateKey key = new JcaPEMKeyConverter().getPrivateKey(info);
                return key != null;
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}

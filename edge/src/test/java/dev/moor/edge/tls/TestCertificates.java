package dev.moor.edge.tls;

import dev.moor.snapshot.TlsCertificate;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/** A certificate authority of a test, and the certificates it issues, as PEM and as the snapshot carries them. */
public final class TestCertificates {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyPair pair;
    private final X509Certificate certificate;

    private TestCertificates(KeyPair pair, X509Certificate certificate) {
        this.pair = pair;
        this.certificate = certificate;
    }

    /** A new CA, EC P-256, valid from an hour ago for a year. */
    public static TestCertificates authority(String name) {
        KeyPair pair = keyPair("EC");
        Instant now = Instant.now();
        X500Name subject = new X500Name("CN=" + name);
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(365))), subject,
                    pair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            return new TestCertificates(pair, sign(builder, pair.getPrivate()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The CA certificate as PEM, e.g. for curl's --cacert. */
    public String pem() {
        return pem("CERTIFICATE", encoded(certificate));
    }

    /** Writes {@link #pem()} to a file. */
    public Path writeTo(Path file) throws java.io.IOException {
        Files.writeString(file, pem());
        return file;
    }

    /** A client context that trusts this CA only. */
    public SSLContext clientContext() {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", certificate);
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), RANDOM);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A server certificate for the DNS names, EC P-256, valid from an hour ago for thirty days. */
    public Issued issue(String... names) {
        return issue(Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofDays(30)), "EC", names);
    }

    /** A server certificate for the DNS names, with a key of {@code algorithm} (EC or RSA), valid in that span. */
    public Issued issue(Instant notBefore, Instant notAfter, String algorithm, String... names) {
        return issue(notBefore, notAfter, algorithm, null, names);
    }

    /** A server certificate for the DNS names that names {@code ocspResponder} (a URL) as its OCSP responder. */
    public Issued issueWithResponder(String ocspResponder, String... names) {
        return issue(Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofDays(30)), "EC",
                ocspResponder, names);
    }

    private Issued issue(Instant notBefore, Instant notAfter, String algorithm, String ocspResponder, String... names) {
        KeyPair leaf = keyPair(algorithm);
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(),
                    Date.from(notBefore), Date.from(notAfter), new X500Name("CN=" + names[0]), leaf.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            List<GeneralName> alternatives = new ArrayList<>();
            for (String name : names) {
                alternatives.add(new GeneralName(GeneralName.dNSName, name));
            }
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(alternatives.toArray(GeneralName[]::new)));
            if (ocspResponder != null) {
                builder.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(
                        AccessDescription.id_ad_ocsp, new GeneralName(GeneralName.uniformResourceIdentifier,
                        ocspResponder)));
            }
            return new Issued(sign(builder, pair.getPrivate()), leaf.getPrivate(), certificate);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The OCSP response of this CA, as its responder answers {@code request}: every certificate asked about is good,
     * for a day.
     */
    public byte[] ocspResponse(byte[] request) {
        try {
            BasicOCSPRespBuilder builder = new BasicOCSPRespBuilder(new RespID(new X500Name(
                    certificate.getSubjectX500Principal().getName())));
            Date now = new Date();
            for (Req asked : new OCSPReq(request).getRequestList()) {
                builder.addResponse(asked.getCertID(), CertificateStatus.GOOD, now,
                        Date.from(now.toInstant().plus(Duration.ofDays(1))));
            }
            BasicOCSPResp basic = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()),
                    null, now);
            return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A certificate, its key and the CA that issued it.
     *
     * @param certificate the leaf
     * @param key         its private key
     * @param issuer      the CA
     */
    public record Issued(X509Certificate certificate, PrivateKey key, X509Certificate issuer) {
        /** The leaf, then the CA. */
        public String chainPem() {
            return pem("CERTIFICATE", encoded(certificate)) + pem("CERTIFICATE", encoded(issuer));
        }

        /** PKCS#8. */
        public String keyPem() {
            return pem("PRIVATE KEY", key.getEncoded());
        }

        /** As a snapshot carries it, presented for {@code hosts}. */
        public TlsCertificate snapshot(String name, String... hosts) {
            return new TlsCertificate(name, List.of(hosts), chainPem(), keyPem());
        }

        /** With another certificate's key: a pair that does not belong together. */
        public Issued withKeyOf(Issued other) {
            return new Issued(certificate, other.key, issuer);
        }
    }

    private static KeyPair keyPair(String algorithm) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (algorithm.equals("EC")) {
                generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            } else {
                generator.initialize(2048, RANDOM);
            }
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder builder, PrivateKey key) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
    }

    private static BigInteger serial() {
        return new BigInteger(64, RANDOM).add(BigInteger.ONE);
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}

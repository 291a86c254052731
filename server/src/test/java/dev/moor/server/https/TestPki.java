package dev.moor.server.https;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/** A CA of a test and the certificate files it issues, in the key forms servers are given. */
public final class TestPki {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** How a key file is written. */
    public enum KeyForm { PKCS8, TRADITIONAL, ENCRYPTED }

    private final KeyPair pair = keyPair("EC");
    private final X509Certificate certificate;

    public TestPki() {
        Instant now = Instant.now();
        X500Name subject = new X500Name("CN=Test CA");
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))), subject,
                    pair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            certificate = sign(builder);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A certificate for {@code names} valid a month from an hour ago, and its PKCS#8 EC key, in two files. */
    public Files issue(Path directory, String... names) throws IOException {
        return issue(directory, Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofDays(30)), "EC",
                KeyForm.PKCS8, names);
    }

    public Files issue(Path directory, Instant notBefore, Instant notAfter, String algorithm, KeyForm form, String... names)
            throws IOException {
        KeyPair leaf = keyPair(algorithm);
        X509Certificate issued;
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(),
                    Date.from(notBefore), Date.from(notAfter), new X500Name("CN=" + names[0]), leaf.getPublic());
            List<GeneralName> alternatives = new ArrayList<>();
            for (String name : names) {
                alternatives.add(new GeneralName(GeneralName.dNSName, name));
            }
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(alternatives.toArray(GeneralName[]::new)));
            issued = sign(builder);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        java.nio.file.Files.createDirectories(directory);
        Path chain = directory.resolve(names[0].replace("*", "wildcard") + ".pem");
        Path key = directory.resolve(names[0].replace("*", "wildcard") + "-key.pem");
        java.nio.file.Files.writeString(chain, pem(issued) + pem(certificate));
        java.nio.file.Files.writeString(key, switch (form) {
            case PKCS8 -> pem(new JcaPKCS8Generator(leaf.getPrivate(), null));
            case TRADITIONAL -> pem(leaf);
            case ENCRYPTED -> encrypted(leaf);
        });
        return new Files(chain, key, issued);
    }

    /**
     * @param chain       the certificate, then the CA
     * @param key         its key
     * @param certificate the certificate
     */
    public record Files(Path chain, Path key, X509Certificate certificate) {}

    private X509Certificate sign(JcaX509v3CertificateBuilder builder) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
    }

    private static String pem(Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        return text.toString();
    }

    private static String encrypted(KeyPair pair) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(pair, new JcePEMEncryptorBuilder("AES-128-CBC").setProvider(new BouncyCastleProvider())
                    .build("secret".toCharArray()));
        }
        return text.toString();
    }

    private static KeyPair keyPair(String algorithm) {
        try {
            // Bouncy Castle's keys write SEC1 with their curve, as openssl does.
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm, new BouncyCastleProvider());
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

    private static BigInteger serial() {
        return new BigInteger(64, RANDOM).add(BigInteger.ONE);
    }
}

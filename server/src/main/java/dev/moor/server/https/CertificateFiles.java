package dev.moor.server.https;

import dev.moor.server.tls.KeyPairs;

import dev.moor.server.tls.Pem;
import dev.moor.snapshot.TlsCertificate;
import dev.moor.spec.CertificateSpec;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Reads an app's certificate files ({@code edge.https.certificate: {chain, key}}) and checks them before anything is
 * served with them: both readable PEM, the chain's first certificate valid now, the key its key, its names covering
 * every HTTPS host. The key goes to the edge as PKCS#8 whatever form the file has (PKCS#8, PKCS#1 or SEC1).
 */
final class CertificateFiles {
    private static final String CHAIN = "edge.https.certificate.chain";
    private static final String KEY = "edge.https.certificate.key";
    private static final String KEY_FORMS = "an unencrypted PEM private key: \"BEGIN PRIVATE KEY\", \"BEGIN RSA PRIVATE"
            + " KEY\" or \"BEGIN EC PRIVATE KEY\"";
    private static final int DNS_NAME = 2;

    private CertificateFiles() {}

    /** The files' bytes, read together: what changed when a file changes. */
    record Contents(String chain, String key) {}

    /**
     * @throws InvalidCertificateException when a file cannot be read
     */
    static Contents contents(CertificateSpec.Files files) {
        return new Contents(text(files.chain(), CHAIN), text(files.key(), KEY));
    }

    /**
     * The certificate the files hold, for the app's {@code hosts}, checked at {@code now}.
     *
     * @throws InvalidCertificateException with every reason it cannot be served
     */
    static TlsCertificate read(String app, CertificateSpec.Files files, Contents contents, List<String> hosts,
                               Instant now) {
        List<X509Certificate> chain = chain(files.chain(), contents.chain());
        PrivateKey key = key(files.key(), contents.key());
        X509Certificate leaf = chain.getFirst();
        List<String> reasons = new ArrayList<>();
        if (!KeyPairs.belongTogether(key, leaf.getPublicKey())) {
            reasons.add(KEY + ": " + files.key() + ": not the key of the certificate in " + files.chain() + " ("
                    + leaf.getSubjectX500Principal().getName() + ") (expected: the private key of the chain's first"
                    + " certificate)");
        }
        if (now.isAfter(leaf.getNotAfter().toInstant())) {
            reasons.add(CHAIN + ": " + files.chain() + ": the certificate (" + leaf.getSubjectX500Principal().getName()
                    + ") expired on " + leaf.getNotAfter().toInstant() + " (expected: a certificate valid now)");
        } else if (now.isBefore(leaf.getNotBefore().toInstant())) {
            reasons.add(CHAIN + ": " + files.chain() + ": the certificate (" + leaf.getSubjectX500Principal().getName()
                    + ") is valid only from " + leaf.getNotBefore().toInstant() + " (expected: a certificate valid now)");
        }
        List<String> names = dnsNames(leaf);
        for (int i = 0; i < hosts.size(); i++) {
            if (!covers(names, hosts.get(i))) {
                reasons.add("edge.https.hosts[" + i + "]: " + hosts.get(i) + " is not covered by the certificate in "
                        + files.chain() + " (its names: " + (names.isEmpty() ? "none" : String.join(", ", names))
                        + ")");
            }
        }
        if (!reasons.isEmpty()) {
            throw new InvalidCertificateException(reasons);
        }
        return new TlsCertificate(app, hosts, Pem.certificates(chain), Pem.privateKey(key));
    }

    /**
     * Whether a certificate with these DNS names is valid for {@code host}: an exact name, or a wildcard one label
     * above it (as clients match them); an HTTPS host {@code *.example.com} needs that very wildcard.
     */
    static boolean covers(Collection<String> names, String host) {
        for (String name : names) {
            if (name.equals(host)) {
                return true;
            }
            int dot = host.indexOf('.');
            if (!host.startsWith("*.") && dot > 0 && name.equals("*" + host.substring(dot))) {
                return true;
            }
        }
        return false;
    }

    static List<String> dnsNames(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> alternative : alternatives) {
                    if (alternative.get(0) instanceof Integer type && type == DNS_NAME) {
                        names.add(((String) alternative.get(1)).toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return List.of();
        }
        return names;
    }

    private static String text(Path file, String key) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new InvalidCertificateException(List.of(key + ": " + file + ": cannot read it ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null || e.getMessage().equals(file.toString())
                    ? "" : ": " + e.getMessage()) + ")"));
        }
    }

    private static List<X509Certificate> chain(Path file, String pem) {
        List<X509Certificate> chain = new ArrayList<>();
        for (Object object : objects(file, pem, CHAIN)) {
            if (!(object instanceof X509CertificateHolder holder)) {
                throw invalid(CHAIN, file, "holds " + what(object) + " (expected: PEM certificates, \"BEGIN"
                        + " CERTIFICATE\", the host's first)");
            }
            try {
                chain.add(new JcaX509CertificateConverter().getCertificate(holder));
            } catch (CertificateException e) {
                throw invalid(CHAIN, file, "holds a certificate the JDK cannot read (" + e.getMessage() + ")");
            }
        }
        if (chain.isEmpty()) {
            throw invalid(CHAIN, file, "holds no certificate (expected: PEM certificates, \"BEGIN CERTIFICATE\","
                    + " the host's first)");
        }
        return chain;
    }

    private static PrivateKey key(Path file, String pem) {
        List<Object> objects = objects(file, pem, KEY);
        if (objects.size() != 1) {
            throw invalid(KEY, file, "holds " + objects.size() + " PEM blocks (expected: one, " + KEY_FORMS + ")");
        }
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try {
            return switch (objects.getFirst()) {
                case PrivateKeyInfo info -> converter.getPrivateKey(info);
                // Its private part only: a SEC1 key may leave its public key out.
                case PEMKeyPair pair -> converter.getPrivateKey(pair.getPrivateKeyInfo());
                case PEMEncryptedKeyPair encrypted -> throw encrypted(file);
                case PKCS8EncryptedPrivateKeyInfo encrypted -> throw encrypted(file);
                case Object other -> throw invalid(KEY, file, "holds " + what(other) + " (expected: " + KEY_FORMS + ")");
            };
        } catch (IOException e) {
            throw invalid(KEY, file, "holds a private key the JDK cannot read (" + e.getMessage() + ")");
        }
    }

    private static InvalidCertificateException encrypted(Path file) {
        return invalid(KEY, file, "holds an encrypted private key (expected: an unencrypted one; openssl pkey -in "
                + file + " -out FILE writes one)");
    }

    private static List<Object> objects(Path file, String pem, String key) {
        List<Object> objects = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                objects.add(object);
            }
        } catch (IOException | RuntimeException e) {
            throw invalid(key, file, "not a readable PEM file (" + e.getMessage() + ")");
        }
        return objects;
    }

    private static String what(Object object) {
        return switch (object) {
            case X509CertificateHolder certificate -> "a certificate";
            case PrivateKeyInfo info -> "a private key";
            case PEMKeyPair pair -> "a private key";
            default -> "a " + object.getClass().getSimpleName();
        };
    }

    private static InvalidCertificateException invalid(String key, Path file, String what) {
        return new InvalidCertificateException(List.of(key + ": " + file + ": " + what));
    }
}

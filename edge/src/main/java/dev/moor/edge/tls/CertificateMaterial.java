package dev.moor.edge.tls;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A certificate chain and its private key as a snapshot carries them (PEM; the key PKCS#8), read with the JDK and
 * checked to belong together: a key of another certificate would fail every handshake, with some providers only
 * then.
 *
 * @param chain the certificate first, then its intermediates
 * @param key   the certificate's private key
 */
record CertificateMaterial(List<X509Certificate> chain, PrivateKey key) {
    private static final String KEY_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String KEY_END = "-----END PRIVATE KEY-----";

    CertificateMaterial {
        chain = List.copyOf(chain);
    }

    X509Certificate leaf() {
        return chain.getFirst();
    }

    /**
     * @throws IllegalArgumentException saying what is wrong: not PEM certificates, not a PKCS#8 key, a key of another
     *                                  certificate
     */
    static CertificateMaterial read(String chainPem, String keyPem) {
        List<X509Certificate> chain = certificates(chainPem);
        PrivateKey key = privateKey(keyPem, chain.getFirst().getPublicKey().getAlgorithm());
        PublicKey publicKey = chain.getFirst().getPublicKey();
        if (!KeyPairs.supported(publicKey)) {
            throw new IllegalArgumentException("key: a " + publicKey.getAlgorithm() + " key (expected: RSA, EC or EdDSA)");
        }
        if (!KeyPairs.belongTogether(key, publicKey)) {
            throw new IllegalArgumentException("key: not the key of the certificate " + subject(chain.getFirst())
                    + " (expected: the private key of the chain's first certificate)");
        }
        return new CertificateMaterial(chain, key);
    }

    static String subject(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName();
    }

    private static List<X509Certificate> certificates(String pem) {
        if (pem == null || pem.isBlank()) {
            throw new IllegalArgumentException("chain: missing (expected: PEM certificates, the host's first)");
        }
        List<X509Certificate> chain = new ArrayList<>();
        try {
            for (Certificate certificate : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
                chain.add((X509Certificate) certificate);
            }
        } catch (CertificateException e) {
            throw new IllegalArgumentException("chain: not PEM certificates (" + e.getMessage() + ")", e);
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("chain: no certificate (expected: \"BEGIN CERTIFICATE\" blocks)");
        }
        return chain;
    }

    private static PrivateKey privateKey(String pem, String algorithm) {
        int begin = pem == null ? -1 : pem.indexOf(KEY_BEGIN);
        int end = begin < 0 ? -1 : pem.indexOf(KEY_END, begin);
        if (end < 0) {
            throw new IllegalArgumentException("key: not a PKCS#8 private key (expected: a \"BEGIN PRIVATE KEY\" block)");
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + KEY_BEGIN.length(), end));
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalArgumentException("key: not a PKCS#8 " + algorithm + " private key, as the certificate's"
                    + " public key is (" + e.getMessage() + ")", e);
        }
    }
}

package dev.moor.server.tls;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAKey;

/**
 * Whether a private key is the one of a certificate's public key: RSA by modulus, EC and EdDSA by a signature. The
 * edge checks certificates it is sent the same way (dev.moor.edge.tls.KeyPairs): the server does not depend on the
 * edge's module.
 */
public final class KeyPairs {
    private static final byte[] PROBE = "moor".getBytes(StandardCharsets.US_ASCII);

    private KeyPairs() {}

    /** Whether {@code key} is the private half of {@code publicKey}; false for a kind it cannot tell. */
    public static boolean belongTogether(PrivateKey key, PublicKey publicKey) {
        if (key instanceof RSAKey rsa && publicKey instanceof RSAKey rsaPublic) {
            return rsa.getModulus().equals(rsaPublic.getModulus());
        }
        String algorithm = signatureAlgorithm(publicKey);
        if (algorithm == null) {
            return false;
        }
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(PROBE);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String signatureAlgorithm(PublicKey publicKey) {
        return switch (publicKey.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "Ed448", "EdDSA" -> publicKey.getAlgorithm();
            default -> null;
        };
    }
}

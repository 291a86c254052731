package dev.moor.edge.tls;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAKey;

/** Whether a private key is the one of a certificate's public key: RSA by modulus, EC and EdDSA by a signature. */
public final class KeyPairs {
    private static final byte[] PROBE = "moor".getBytes(StandardCharsets.US_ASCII);

    private KeyPairs() {}

    /** Whether {@link #belongTogether} can tell for a public key of this kind: RSA, EC or EdDSA. */
    public static boolean supported(PublicKey publicKey) {
        return publicKey instanceof RSAKey || signatureAlgorithm(publicKey) != null;
    }

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

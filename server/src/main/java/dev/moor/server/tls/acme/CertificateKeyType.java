package dev.moor.server.tls.acme;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

/** The kind of key pair made for each certificate (a new one at every issue and renewal). */
public enum CertificateKeyType {
    /** What every current client speaks, and the fastest handshakes. */
    EC_P256,
    EC_P384,
    /** For clients that know no ECDSA. */
    RSA_2048;

    public KeyPair generate() {
        try {
            KeyPairGenerator generator = switch (this) {
                case EC_P256, EC_P384 -> {
                    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
                    ec.initialize(new ECGenParameterSpec(this == EC_P256 ? "secp256r1" : "secp384r1"));
                    yield ec;
                }
                case RSA_2048 -> {
                    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
                    rsa.initialize(2048);
                    yield rsa;
                }
            };
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot make a " + this + " key pair", e);
        }
    }
}

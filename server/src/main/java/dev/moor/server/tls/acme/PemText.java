package dev.moor.server.tls.acme;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/** Certificates and keys as PEM text, the form they are stored in and handed to the edge. */
final class PemText {

    private PemText() {
    }

    static String certificates(List<X509Certificate> certificates) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (X509Certificate certificate : certificates) {
                writer.writeObject(new JcaMiscPEMGenerator(certificate));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a certificate as PEM", e);
        }
        return text.toString();
    }

    /** PKCS#8 ("BEGIN PRIVATE KEY"), which Netty, OpenSSL and the JDK all read. */
    static String privateKey(PrivateKey key) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(new JcaPKCS8Generator(key, null));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a private key as PEM", e);
        }
        return text.toString();
    }

    /** A key pair as its private key (PKCS#8) followed by its public key: the account's key pair. */
    static String keyPair(KeyPair keyPair) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(new JcaPKCS8Generator(keyPair.getPrivate(), null));
            writer.writeObject(keyPair.getPublic());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a key pair as PEM", e);
        }
        return text.toString();
    }

    static KeyPair readKeyPair(String pem, String what) {
        PrivateKeyInfo privateKey = null;
        SubjectPublicKeyInfo publicKey = null;
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                switch (object) {
                    case PrivateKeyInfo key -> privateKey = key;
                    case SubjectPublicKeyInfo key -> publicKey = key;
                    default -> throw new IllegalStateException(what + " holds a " + object.getClass().getSimpleName()
                            + " (expected: \"BEGIN PRIVATE KEY\" and \"BEGIN PUBLIC KEY\")");
                }
            }
            if (privateKey == null || publicKey == null) {
                throw new IllegalStateException(what + " lacks its " + (privateKey == null ? "private" : "public")
                        + " key (expected: \"BEGIN PRIVATE KEY\" and \"BEGIN PUBLIC KEY\")");
            }
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            return new KeyPair(converter.getPublicKey(publicKey), converter.getPrivateKey(privateKey));
        } catch (IOException e) {
            throw new IllegalStateException(what + " is not readable PEM: " + e.getMessage(), e);
        }
    }
}

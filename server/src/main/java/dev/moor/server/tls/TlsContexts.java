package dev.moor.server.tls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** SSL contexts that present one key and trust exactly one CA: Moor's, and not the JDK's default ones. */
final class TlsContexts {

    /** TLS 1.3 first; 1.2 for clients that have no 1.3. */
    static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private static final char[] IN_MEMORY_PASSWORD = "moor".toCharArray();

    private TlsContexts() {
    }

    static SSLContext context(PrivateKey key, List<X509Certificate> chain, X509Certificate trustedCa) {
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("moor", key, IN_MEMORY_PASSWORD, chain.toArray(X509Certificate[]::new));
            // PKIX (not SunX509) picks the key that fits the peer's signature algorithms.
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance("PKIX");
            keyManagers.init(keys, IN_MEMORY_PASSWORD);

            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("moor-ca", trustedCa);
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
            trustManagers.init(trust);

            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a TLS context for " + chain.getFirst().getSubjectX500Principal()
                    + ": " + e.getMessage(), e);
        }
    }
}

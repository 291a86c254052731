package dev.moor.server.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * The server's TLS identity, issued by Moor's CA: its key, its certificate, and the CA, which is also the only
 * issuer whose client certificates the server accepts.
 */
public record ServerCertificate(PrivateKey key, X509Certificate certificate, X509Certificate ca) {

    public ServerCertificate {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(ca, "ca");
    }

    /** Presents this certificate and trusts only client certificates issued by {@link #ca()}. */
    public SSLContext sslContext() {
        return TlsContexts.context(key, List.of(certificate, ca), ca);
    }

    @Override
    public String toString() {
        return "ServerCertificate[" + certificate.getSubjectX500Principal() + ", until " + certificate.getNotAfter()
                + "]";
    }
}

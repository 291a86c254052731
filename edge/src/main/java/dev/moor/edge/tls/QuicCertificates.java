package dev.moor.edge.tls;

import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.util.Mapping;

import java.util.Locale;

/**
 * HTTP/3's certificates by SNI: the choice {@link CertificateNames} makes over TCP, of QUIC contexts. A name whose
 * certificate is unusable gets none, and its handshake fails. Immutable; called by the QUIC library at every
 * handshake that names a server.
 */
final class QuicCertificates implements Mapping<String, QuicSslContext> {
    private final CertificateNames<QuicSslContext> names;

    QuicCertificates(CertificateNames<QuicSslContext> names) {
        this.names = names;
    }

    CertificateNames<QuicSslContext> names() {
        return names;
    }

    /** The context of the client's SNI, or null (the handshake fails) when its certificate is not served. */
    @Override
    public QuicSslContext map(String hostname) {
        try {
            return names.lookup(hostname == null ? null : hostname.toLowerCase(Locale.ROOT));
        } catch (CertificateNames.UnservedNameException e) {
            return null;
        }
    }
}

package dev.moor.edge.tls;

import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.quic.QuicSslContext;

/**
 * The HTTPS port of one snapshot, compiled: its certificates by SNI name, each with the TLS context built once for
 * it, and, when the port serves HTTP/3, the QUIC context that picks among the same certificates by SNI. A
 * connection accepted on the port starts with {@link #newHandshake()}; connections keep the certificate they shook
 * hands with when a later snapshot swaps it.
 */
public final class HttpsListener {
    /** How long a client may take to send its hello, and then to finish the handshake. */
    static final long HANDSHAKE_TIMEOUT_MILLIS = 10_000;

    private final int port;
    private final SniCertificates certificates;
    private final QuicSslContext quic;

    HttpsListener(int port, SniCertificates certificates, QuicSslContext quic) {
        this.port = port;
        this.certificates = certificates;
        this.quic = quic;
    }

    /** The port connections are accepted on with TLS: over TCP, and over UDP with QUIC when {@link #quic()} is set. */
    public int port() {
        return port;
    }

    /**
     * The TLS context of a new QUIC connection to the port (ALPN h3): it presents the certificate of the client's SNI,
     * as {@link #newHandshake()} does; null when the port serves no HTTP/3 (turned off, QUIC unavailable, or no usable
     * certificate).
     */
    public QuicSslContext quic() {
        return quic;
    }

    /**
     * The first handler of a connection to the port: reads the client's hello, picks the certificate for its SNI and
     * gives way to the handshake with it, which ends with an {@link io.netty.handler.ssl.SslHandshakeCompletionEvent}
     * (ALPN tells h2 from http/1.1). A client that sends no hello within the timeout is closed; a name whose
     * certificate is unusable fails the handshake.
     */
    public ChannelHandler newHandshake() {
        return new CertificateSelector(certificates, HANDSHAKE_TIMEOUT_MILLIS);
    }
}

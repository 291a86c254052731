package dev.moor.edge.tls;

import io.netty.channel.ChannelHandler;

/**
 * The HTTPS port of one snapshot, compiled: its certificates by SNI name, each with the TLS context built once for
 * it. A connection accepted on the port starts with {@link #newHandshake()}; connections keep the certificate they
 * shook hands with when a later snapshot swaps it.
 */
public final class HttpsListener {
    /** How long a client may take to send its hello, and then to finish the handshake. */
    static final long HANDSHAKE_TIMEOUT_MILLIS = 10_000;

    private final int port;
    private final SniCertificates certificates;

    HttpsListener(int port, SniCertificates certificates) {
        this.port = port;
        this.certificates = certificates;
    }

    /** The port connections are accepted on with TLS. */
    public int port() {
        return port;
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

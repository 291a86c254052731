package dev.moor.edge.tls;

import io.netty.handler.codec.quic.Quic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether Netty's QUIC native library (quiche, with a BoringSSL of its own whatever the edge's TLS provider) loads
 * on this machine. Where it does not, HTTPS is served over TCP alone: the log says so once, the first time a
 * snapshot asks for HTTP/3.
 */
final class QuicLibrary {
    private static final Logger LOG = LoggerFactory.getLogger(QuicLibrary.class);
    private static boolean told;

    private QuicLibrary() {}

    static synchronized boolean available() {
        if (Quic.isAvailable()) {
            return true;
        }
        if (!told) {
            told = true;
            Throwable cause = Quic.unavailabilityCause();
            LOG.warn("edge: HTTP/3 is off: the QUIC native library cannot load ({}); HTTPS is served over TCP only",
                    cause == null ? "no reason given" : cause.toString());
        }
        return false;
    }
}

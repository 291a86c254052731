package dev.moor.snapshot;

import java.util.List;

/**
 * HTTPS at the edge: the one port every app's HTTPS hosts are served on, and the certificates presented there. The
 * routes served over HTTPS are the snapshot's routes of that port. A client's SNI chooses the certificate: an exact
 * host, else the wildcard of its parent domain; a client without SNI, or with a name no certificate has, gets the
 * first certificate.
 *
 * @param port         where the edge terminates TLS (a port no route serves over plain HTTP)
 * @param certificates the certificates, the default one first
 * @param http3        whether the port serves HTTP/3 over QUIC too, on its UDP port of the same number (absent from
 *                     the JSON of a server that predates HTTP/3: off)
 */
public record Https(int port, List<TlsCertificate> certificates, boolean http3) {
    public Https {
        certificates = List.copyOf(certificates);
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("https port " + port + " (expected: 1 to 65535)");
        }
    }
}

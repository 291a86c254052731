package dev.moor.snapshot;

import java.util.List;

/**
 * What the edge answers while an ACME CA validates host names of the server's apps (RFC 8555, RFC 8737): each entry
 * is in the snapshot from just before the CA is asked to validate it until the CA has decided.
 *
 * @param http01    tokens answered on the plain-HTTP ports, for any Host
 * @param tlsAlpn01 certificates presented on the HTTPS port to a client that offers only ALPN {@code acme-tls/1}
 */
public record AcmeChallenges(List<Http01> http01, List<TlsAlpn01> tlsAlpn01) {
    public static final AcmeChallenges NONE = new AcmeChallenges(List.of(), List.of());

    public AcmeChallenges {
        // Snapshots persisted before ACME have neither.
        http01 = http01 == null ? List.of() : List.copyOf(http01);
        tlsAlpn01 = tlsAlpn01 == null ? List.of() : List.copyOf(tlsAlpn01);
    }

    /**
     * {@code GET /.well-known/acme-challenge/TOKEN} is answered 200 with the key authorization ({@code text/plain}).
     *
     * @param token            the token, as it appears in the path
     * @param keyAuthorization the body
     */
    public record Http01(String token, String keyAuthorization) {}

    /**
     * A TLS handshake with SNI {@code host} that offers only ALPN {@code acme-tls/1} is answered with this self-signed
     * certificate, which carries the acmeIdentifier extension, then closed.
     *
     * @param host        the SNI name, lower case
     * @param certificate PEM
     * @param key         PEM, PKCS#8: its private key, made for this one challenge
     */
    public record TlsAlpn01(String host, String certificate, String key) {
        /** Without the key: a snapshot written to a log never shows it. */
        @Override
        public String toString() {
            return "TlsAlpn01[host=" + host + "]";
        }
    }
}

package dev.moor.server.tls.acme;

/** What the edge must answer while the CA validates one host name. */
public sealed interface AcmeChallenge {

    /** The host name the CA validates. */
    String host();

    ChallengeType type();

    /**
     * HTTP-01: a plain-HTTP request for {@link #path()} with {@code Host: host} is answered 200 with the key
     * authorization as its body ({@code text/plain}).
     */
    record Http01(String host, String token, String keyAuthorization) implements AcmeChallenge {

        public static final String PATH_PREFIX = "/.well-known/acme-challenge/";

        @Override
        public ChallengeType type() {
            return ChallengeType.HTTP_01;
        }

        public String path() {
            return PATH_PREFIX + token;
        }
    }

    /**
     * TLS-ALPN-01: a TLS handshake with SNI {@code host} that offers only the ALPN protocol {@value #ALPN} is
     * answered with this self-signed certificate (which carries the acmeIdentifier extension) and its key, then
     * closed. The key (RSA) is made for this one challenge and thrown away after it.
     *
     * @param certificatePem the challenge certificate (PEM)
     * @param keyPem         its private key (PKCS#8 PEM)
     */
    record TlsAlpn01(String host, String certificatePem, String keyPem) implements AcmeChallenge {

        public static final String ALPN = "acme-tls/1";

        @Override
        public ChallengeType type() {
            return ChallengeType.TLS_ALPN_01;
        }

        @Override
        public String toString() {
            return "TlsAlpn01[host=" + host + ", key=(secret)]";
        }
    }
}

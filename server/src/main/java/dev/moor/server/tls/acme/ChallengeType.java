package dev.moor.server.tls.acme;

/** How the CA checks that the server answers for a host name. */
public enum ChallengeType {
    /** A token at {@code http://HOST/.well-known/acme-challenge/TOKEN}, on port 80. */
    HTTP_01("http-01"),
    /** A self-signed certificate for SNI=HOST and ALPN {@code acme-tls/1}, on port 443. */
    TLS_ALPN_01("tls-alpn-01");

    private final String acmeName;

    ChallengeType(String acmeName) {
        this.acmeName = acmeName;
    }

    /** The challenge's name in ACME, e.g. {@code http-01}. */
    public String acmeName() {
        return acmeName;
    }

    @Override
    public String toString() {
        return acmeName;
    }
}

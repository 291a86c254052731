package dev.moor.edge.tls;

import io.netty.handler.ssl.SslContext;
import io.netty.util.Mapping;

import java.time.Clock;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Which certificate a client's SNI gets ({@link CertificateNames}), with the OCSP staple of each. Immutable; read by
 * the event loops at every handshake.
 *
 * <p>While an ACME CA validates hosts with TLS-ALPN-01, each such host has a challenge certificate too, which only a
 * hello offering {@value AcmeTlsAlpn#PROTOCOL} alone gets ({@link CertificateSelector}).
 */
final class SniCertificates implements Mapping<String, SslContext> {
    private final CertificateNames<SslContext> names;
    /** The OCSP staple of each context whose certificate names a responder. */
    private final Map<SslContext, OcspStaple> staples;
    /** The TLS-ALPN-01 challenge contexts by host; empty while no CA validates one. */
    private final Map<String, SslContext> challenges;

    SniCertificates(CertificateNames<SslContext> names, Map<SslContext, OcspStaple> staples,
                    Map<String, SslContext> challenges) {
        this.names = names;
        this.staples = new IdentityHashMap<>(staples);
        this.challenges = Map.copyOf(challenges);
    }

    /** Whether a CA validates a host by TLS-ALPN-01 now: only then is a hello's ALPN looked at. */
    boolean validating() {
        return !challenges.isEmpty();
    }

    /** The challenge context of {@code hostname} (the client's SNI, lower case), or null. */
    SslContext challenge(String hostname) {
        return hostname == null ? null : challenges.get(hostname);
    }

    /** The OCSP response to staple in a handshake with {@code context}'s certificate; null for none. */
    byte[] staple(SslContext context) {
        OcspStaple staple = staples.get(context);
        return staple == null ? null : staple.current(Clock.systemUTC().instant());
    }

    /**
     * @param hostname the client's SNI, lower case; null when it sent none
     * @throws CertificateNames.UnservedNameException when the name's certificate is unusable, or no certificate is
     */
    @Override
    public SslContext map(String hostname) {
        return names.lookup(hostname);
    }
}

package dev.moor.edge.tls;

import io.netty.handler.ssl.SslContext;
import io.netty.util.Mapping;

import java.time.Clock;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Which certificate a client's SNI gets: its exact name, else the wildcard of its parent domain (one label, as
 * certificates match), else the default certificate. A name whose certificate could not be used is refused rather
 * than given another name's certificate. Immutable; read by the event loops at every handshake.
 *
 * <p>While an ACME CA validates hosts with TLS-ALPN-01, each such host has a challenge certificate too, which only a
 * hello offering {@value AcmeTlsAlpn#PROTOCOL} alone gets ({@link CertificateSelector}).
 */
final class SniCertificates implements Mapping<String, SslContext> {
    private final Map<String, SslContext> exact;
    /** By the domain under the {@code *.}: {@code example.com} for {@code *.example.com}. */
    private final Map<String, SslContext> wildcards;
    /** Names (exact, or {@code *.} and a domain) whose certificate is unusable, with why. */
    private final Map<String, String> refused;
    /** For a client without SNI or with an unknown name; null when no certificate is usable. */
    private final SslContext fallback;
    /** The OCSP staple of each context whose certificate names a responder. */
    private final Map<SslContext, OcspStaple> staples;
    /** The TLS-ALPN-01 challenge contexts by host; empty while no CA validates one. */
    private final Map<String, SslContext> challenges;

    SniCertificates(Map<String, SslContext> exact, Map<String, SslContext> wildcards, Map<String, String> refused,
                    SslContext fallback, Map<SslContext, OcspStaple> staples, Map<String, SslContext> challenges) {
        this.exact = Map.copyOf(exact);
        this.wildcards = Map.copyOf(wildcards);
        this.refused = Map.copyOf(refused);
        this.fallback = fallback;
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
     * @throws UnservedNameException when the name's certificate is unusable, or no certificate is
     */
    @Override
    public SslContext map(String hostname) {
        if (hostname != null) {
            SslContext context = exact.get(hostname);
            if (context != null) {
                return context;
            }
            refuseIfRefused(hostname, hostname);
            int dot = hostname.indexOf('.');
            if (dot > 0) {
                String domain = hostname.substring(dot + 1);
                context = wildcards.get(domain);
                if (context != null) {
                    return context;
                }
                refuseIfRefused(hostname, "*." + domain);
            }
        }
        if (fallback == null) {
            throw new UnservedNameException("no usable certificate for " + (hostname == null ? "a client without SNI"
                    : hostname));
        }
        return fallback;
    }

    private void refuseIfRefused(String hostname, String name) {
        String why = refused.get(name);
        if (why != null) {
            throw new UnservedNameException(hostname + ": its certificate is not served (" + why + ")");
        }
    }

    /** A handshake for a name that has no usable certificate: it fails, and the connection closes. */
    static final class UnservedNameException extends RuntimeException {
        UnservedNameException(String message) {
            super(message, null, false, false);
        }
    }
}

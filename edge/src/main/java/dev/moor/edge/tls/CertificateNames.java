package dev.moor.edge.tls;

import java.util.Map;

/**
 * Which of the HTTPS port's certificates a client's SNI gets: its exact name, else the wildcard of its parent domain
 * (one label, as certificates match), else the default certificate. A name whose certificate could not be used is
 * refused rather than given another name's certificate. Immutable; read at every handshake.
 *
 * @param exact     by lower-case name
 * @param wildcards by the domain under the {@code *.}: {@code example.com} for {@code *.example.com}
 * @param refused   names (exact, or {@code *.} and a domain) whose certificate is unusable, with why
 * @param fallback  for a client without SNI or with an unknown name; null when no certificate is usable
 * @param <C>       a certificate's context: TLS over TCP, or QUIC's
 */
record CertificateNames<C>(Map<String, C> exact, Map<String, C> wildcards, Map<String, String> refused, C fallback) {
    CertificateNames {
        exact = Map.copyOf(exact);
        wildcards = Map.copyOf(wildcards);
        refused = Map.copyOf(refused);
    }

    /**
     * @param hostname the client's SNI, lower case; null when it sent none
     * @throws UnservedNameException when the name's certificate is unusable, or no certificate is
     */
    C lookup(String hostname) {
        if (hostname != null) {
            C context = exact.get(hostname);
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

package dev.moor.spec;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the certificates of apps with {@code certificate: acme} come from: {@code edge.acme} of {@code server.yaml}.
 *
 * @param directory the ACME directory: an {@code https://} URL, or one of acme4j's {@code acme://} names
 * @param email     the address the CA may write to about the account's certificates
 * @param challenge how the CA validates each host through the edge
 * @param trust     a PEM file of the certificate authorities the directory's own HTTPS certificate may chain to,
 *                  instead of the JDK's (a test CA such as pebble); absolute
 */
public record AcmeSpec(URI directory, Optional<String> email, Challenge challenge, Optional<Path> trust) {

    /** How the CA validates a host name. */
    public enum Challenge {
        /** A token the edge answers at {@code http://HOST/.well-known/acme-challenge/TOKEN} (port 80). */
        HTTP_01("http-01"),
        /** A certificate the edge presents for SNI=HOST and ALPN {@code acme-tls/1} on its HTTPS port (443). */
        TLS_ALPN_01("tls-alpn-01");

        private final String text;

        Challenge(String text) {
            this.text = text;
        }

        /** As written in {@code server.yaml} and named by ACME. */
        public String text() {
            return text;
        }
    }
}

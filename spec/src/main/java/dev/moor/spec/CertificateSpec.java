package dev.moor.spec;

import java.nio.file.Path;

/**
 * Where the certificate of an app's HTTPS hosts comes from ({@code edge.https.certificate}). Each kind is a record
 * of its own, so that the server resolves them with one switch over the kinds.
 */
public sealed interface CertificateSpec permits CertificateSpec.Development, CertificateSpec.Files, CertificateSpec.Acme {

    /** {@code dev}: issued for the hosts by the server's local development CA, which a browser or curl must trust. */
    record Development() implements CertificateSpec {
        public static final String NAME = "dev";
    }

    /**
     * {@code {chain: PATH, key: PATH}}: PEM files on the server's host, read again whenever they change.
     *
     * @param chain the certificate first, then the intermediates (absolute)
     * @param key   its private key: PKCS#8, PKCS#1 (RSA) or SEC1 (EC), unencrypted (absolute)
     */
    record Files(Path chain, Path key) implements CertificateSpec {}

    /**
     * {@code acme}: one certificate for every host, ordered from the ACME directory of the server's {@code edge.acme}
     * (validated through the edge), kept in the server's store and renewed before it expires. Exact host names only:
     * the HTTP-01 and TLS-ALPN-01 challenges cannot validate a wildcard.
     */
    record Acme() implements CertificateSpec {
        public static final String NAME = "acme";
    }
}

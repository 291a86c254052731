package dev.moor.spec;

import java.nio.file.Path;

/**
 * Where the certificate of an app's HTTPS hosts comes from ({@code edge.https.certificate}). Each kind is a record
 * of its own, so that the server resolves them with one switch over the kinds.
 */
public sealed interface CertificateSpec permits CertificateSpec.Development, CertificateSpec.Files {

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
}

package dev.moor.engine.store;

import java.time.Instant;

/**
 * A certificate issued by an ACME directory for a set of host names, as the server keeps it.
 *
 * @param names     the host names it covers
 * @param directory the ACME directory that issued it
 * @param chainPem  the certificate and its issuers, leaf first (PEM)
 * @param keyPem    its private key (PKCS#8 PEM): a secret, sealed in the store
 * @param notBefore the leaf's notBefore
 * @param notAfter  the leaf's notAfter
 * @param issuedAt  when the server received it
 */
public record IssuedCertificate(CertificateNames names, String directory, String chainPem, String keyPem,
                                Instant notBefore, Instant notAfter, Instant issuedAt) {

    @Override
    public String toString() {
        return "IssuedCertificate[names=" + names + ", directory=" + directory + ", notBefore=" + notBefore
                + ", notAfter=" + notAfter + ", issuedAt=" + issuedAt + ", key=(secret)]";
    }
}

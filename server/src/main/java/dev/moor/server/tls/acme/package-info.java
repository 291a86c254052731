/**
 * Certificates from an ACME certificate authority (RFC 8555, through acme4j): {@link
 * dev.moor.server.tls.acme.AcmeIssuer} orders one for a set of host names and answers its HTTP-01 or TLS-ALPN-01
 * challenges through a {@link dev.moor.server.tls.acme.ChallengePublisher} (the edge); {@link
 * dev.moor.server.tls.acme.CertificateRenewer} keeps the wanted ones in the server's store, ordering what is missing
 * and renewing what {@link dev.moor.server.tls.acme.RenewalPolicy} says is due, with a backoff after failures.
 */
package dev.moor.server.tls.acme;

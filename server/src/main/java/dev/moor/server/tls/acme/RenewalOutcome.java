package dev.moor.server.tls.acme;

import dev.moor.engine.store.CertificateNames;
import dev.moor.engine.store.IssuedCertificate;
import dev.moor.engine.store.RenewalFailure;

import java.time.Instant;

/** What one check did about one set of names, and when the names need the renewer again. */
public sealed interface RenewalOutcome {

    CertificateNames names();

    /** When the names are next due, or may be tried again. */
    Instant next();

    /** A certificate was issued (and stored), for this reason. */
    record Issued(IssuedCertificate certificate, String why, Instant next) implements RenewalOutcome {
        @Override
        public CertificateNames names() {
            return certificate.names();
        }
    }

    /** Nothing was due. */
    record NotDue(CertificateNames names, Instant next, String why) implements RenewalOutcome {}

    /** The order failed; the stored {@code state} says how often in a row and when the next attempt may be. */
    record Failed(AcmeFailure failure, RenewalFailure state) implements RenewalOutcome {
        @Override
        public CertificateNames names() {
            return state.names();
        }

        @Override
        public Instant next() {
            return state.nextAttempt();
        }
    }
}

package dev.moor.engine.store;

import java.time.Instant;

/**
 * The failed attempts to obtain a certificate for a set of names since its last success: kept so that a restarted
 * server waits out the backoff instead of asking the CA again at once.
 *
 * @param names       the host names
 * @param failures    attempts failed in a row (at least 1)
 * @param failedAt    when the last one failed
 * @param nextAttempt the earliest time of the next attempt
 * @param reason      why the last one failed, for people
 */
public record RenewalFailure(CertificateNames names, int failures, Instant failedAt, Instant nextAttempt, String reason) {

    public RenewalFailure {
        if (failures < 1) {
            throw new IllegalArgumentException("failures: " + failures + " (expected: >= 1)");
        }
    }
}

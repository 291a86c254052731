package dev.moor.server.tls.acme;

import dev.moor.engine.store.CertificateNames;
import dev.moor.engine.store.IssuedCertificate;
import dev.moor.engine.store.RenewalFailure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * When a certificate is ordered, renewed, or tried again: a pure function of the stored state and the time given.
 * <p>
 * A certificate is renewed once less than a third of its lifetime or {@code renewBefore} (30 days) remains,
 * whichever comes first, but with no more than half its lifetime left to run: a short-lived certificate (six days)
 * would otherwise be renewed the moment it arrived. Each certificate's moment is brought forward by up to a tenth
 * of that margin, by a jitter drawn from its names and expiry, so that certificates issued together are not all
 * renewed in the same minute, and a restarted server computes the same moment again.
 * <p>
 * After a failed order the next attempt waits {@code retryFirst}, then twice as long after each further failure up
 * to {@code retryLongest}, and never less than the CA's Retry-After.
 *
 * @param renewBefore  the margin before expiry at which any certificate is renewed (if that is in its second half)
 * @param retryFirst   the wait after the first failure
 * @param retryLongest the longest wait between attempts
 */
public record RenewalPolicy(Duration renewBefore, Duration retryFirst, Duration retryLongest) {

    public static final RenewalPolicy DEFAULT =
            new RenewalPolicy(Duration.ofDays(30), Duration.ofMinutes(5), Duration.ofHours(8));

    private static final int JITTER_PARTS = 10;

    public RenewalPolicy {
        positive("renewBefore", renewBefore);
        positive("retryFirst", retryFirst);
        positive("retryLongest", retryLongest);
        if (retryLongest.compareTo(retryFirst) < 0) {
            throw new IllegalArgumentException("retryLongest: " + retryLongest + " (expected: >= retryFirst, "
                    + retryFirst + ")");
        }
    }

    /** What to do about one set of names now. */
    public sealed interface Decision {
        /** Order a certificate now, for this reason. */
        record Due(String why) implements Decision {}

        /** Nothing to do before {@code until}. */
        record NotDue(Instant until, String why) implements Decision {}
    }

    /**
     * @param current   the certificate kept for the names, if any
     * @param failure   the failed attempts since it, if the last one failed
     * @param directory the directory certificates come from now
     */
    public Decision decide(Optional<IssuedCertificate> current, Optional<RenewalFailure> failure, String directory,
                           Instant now) {
        if (failure.isPresent() && now.isBefore(failure.get().nextAttempt())) {
            RenewalFailure failed = failure.get();
            return new Decision.NotDue(failed.nextAttempt(), "waiting after " + failed.failures() + " failed "
                    + (failed.failures() == 1 ? "attempt" : "attempts") + ": " + failed.reason());
        }
        String retry = failure.map(f -> " (attempt " + (f.failures() + 1) + ")").orElse("");
        if (current.isEmpty()) {
            return new Decision.Due("no certificate yet" + retry);
        }
        IssuedCertificate certificate = current.get();
        if (!certificate.directory().equals(directory)) {
            return new Decision.Due("its certificate is from another ACME directory, " + certificate.directory() + retry);
        }
        Instant renewAt = renewAt(certificate.names(), certificate.notBefore(), certificate.notAfter());
        if (now.isBefore(renewAt)) {
            return new Decision.NotDue(renewAt, "valid until " + certificate.notAfter());
        }
        return new Decision.Due((now.isBefore(certificate.notAfter()) ? "renewal due since " + renewAt + ", expires "
                : "expired at ") + certificate.notAfter() + retry);
    }

    /** The moment a certificate for {@code names} valid from {@code notBefore} to {@code notAfter} is renewed. */
    public Instant renewAt(CertificateNames names, Instant notBefore, Instant notAfter) {
        Duration lifetime = Duration.between(notBefore, notAfter);
        if (lifetime.isNegative() || lifetime.isZero()) {
            return notBefore;
        }
        Duration third = lifetime.dividedBy(3);
        Duration margin = min(renewBefore.compareTo(third) > 0 ? renewBefore : third, lifetime.dividedBy(2));
        return notAfter.minus(margin).minus(jitter(names, notAfter, margin.dividedBy(JITTER_PARTS)));
    }

    /** When to try again after the {@code failures}-th failure in a row, at {@code failedAt}. */
    public Instant nextAttempt(int failures, Instant failedAt, Optional<Instant> retryAfter) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures: " + failures + " (expected: >= 1)");
        }
        Duration wait = retryFirst;
        for (int i = 1; i < failures && wait.compareTo(retryLongest) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        Instant next = failedAt.plus(min(wait, retryLongest));
        return retryAfter.filter(next::isBefore).orElse(next);
    }

    /** A duration in [0, bound) that depends only on the names and the expiry. */
    private static Duration jitter(CertificateNames names, Instant notAfter, Duration bound) {
        if (bound.isZero()) {
            return Duration.ZERO;
        }
        byte[] seed = (names + "|" + notAfter).getBytes(StandardCharsets.UTF_8);
        long draw = UUID.nameUUIDFromBytes(seed).getMostSignificantBits() >>> 1;
        long boundMillis = Math.max(1, bound.toMillis());
        return Duration.ofMillis(draw % boundMillis);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
        }
    }
}

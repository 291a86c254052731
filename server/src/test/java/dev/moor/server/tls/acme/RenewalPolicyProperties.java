package dev.moor.server.tls.acme;

import dev.moor.engine.store.CertificateNames;
import dev.moor.engine.store.IssuedCertificate;
import dev.moor.engine.store.RenewalFailure;
import dev.moor.server.tls.acme.RenewalPolicy.Decision;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RenewalPolicyProperties {
    private static final RenewalPolicy POLICY = RenewalPolicy.DEFAULT;
    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    private static final String DIRECTORY = "https://acme.example/dir";
    private static final Duration THIRTY_DAYS = Duration.ofDays(30);

    @Provide
    Arbitrary<CertificateNames> names() {
        return Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(20)
                .map(label -> CertificateNames.of(label + ".example.com"));
    }

    private static IssuedCertificate certificate(CertificateNames names, long startSeconds, long lifetimeSeconds) {
        Instant notBefore = EPOCH.plusSeconds(startSeconds);
        return new IssuedCertificate(names, DIRECTORY, "chain", "key", notBefore, notBefore.plusSeconds(lifetimeSeconds),
                notBefore);
    }

    @Property
    void atLeastTheSmallerOfAThirdAndThirtyDaysRemainsAtRenewal(@ForAll("names") CertificateNames names,
            @ForAll @LongRange(max = 400_000_000) long start, @ForAll @LongRange(min = 3600, max = 160_000_000) long lifetime) {
        IssuedCertificate certificate = certificate(names, start, lifetime);
        Duration third = Duration.ofSeconds(lifetime).dividedBy(3);

        Duration left = Duration.between(POLICY.renewAt(names, certificate.notBefore(), certificate.notAfter()),
                certificate.notAfter());

        assertThat(left).isGreaterThanOrEqualTo(third.compareTo(THIRTY_DAYS) < 0 ? third : THIRTY_DAYS);
    }

    @Property
    void whenBothFitInTheSecondHalfTheEarlierMomentWins(@ForAll("names") CertificateNames names,
            @ForAll @LongRange(max = 400_000_000) long start,
            @ForAll @LongRange(min = 60 * 86_400, max = 160_000_000) long lifetime) {
        IssuedCertificate certificate = certificate(names, start, lifetime);
        Duration third = Duration.ofSeconds(lifetime).dividedBy(3);

        Duration left = Duration.between(POLICY.renewAt(names, certificate.notBefore(), certificate.notAfter()),
                certificate.notAfter());

        assertThat(left).isGreaterThanOrEqualTo(third.compareTo(THIRTY_DAYS) > 0 ? third : THIRTY_DAYS);
    }

    @Property
    void renewalNeverComesBeforeNineTwentiethsOfTheLifetime(@ForAll("names") CertificateNames names,
            @ForAll @LongRange(max = 400_000_000) long start, @ForAll @LongRange(min = 1, max = 160_000_000) long lifetime) {
        IssuedCertificate certificate = certificate(names, start, lifetime);

        Instant renewAt = POLICY.renewAt(names, certificate.notBefore(), certificate.notAfter());

        assertThat(renewAt).isBefore(certificate.notAfter())
                .isAfterOrEqualTo(certificate.notBefore().plus(Duration.ofSeconds(lifetime).multipliedBy(9).dividedBy(20)));
    }

    @Property
    void theMomentDependsOnlyOnNamesAndValidity(@ForAll("names") CertificateNames names,
            @ForAll @LongRange(max = 400_000_000) long start, @ForAll @LongRange(min = 1, max = 160_000_000) long lifetime) {
        IssuedCertificate certificate = certificate(names, start, lifetime);

        assertThat(POLICY.renewAt(names, certificate.notBefore(), certificate.notAfter()))
                .isEqualTo(new RenewalPolicy(POLICY.renewBefore(), POLICY.retryFirst(), POLICY.retryLongest())
                        .renewAt(CertificateNames.of(names.names()), certificate.notBefore(), certificate.notAfter()));
    }

    @Property
    void onceDueAlwaysDueAndNotDueUntilExactlyTheMomentItNames(@ForAll("names") CertificateNames names,
            @ForAll @LongRange(max = 400_000_000) long start, @ForAll @LongRange(min = 1, max = 160_000_000) long lifetime,
            @ForAll @LongRange(min = -10_000_000, max = 200_000_000) long at, @ForAll @LongRange(min = 0, max = 100_000_000) long later) {
        IssuedCertificate certificate = certificate(names, start, lifetime);
        Instant now = certificate.notBefore().plusSeconds(at);

        Decision decision = POLICY.decide(Optional.of(certificate), Optional.empty(), DIRECTORY, now);

        switch (decision) {
            case Decision.Due due -> assertThat(POLICY.decide(Optional.of(certificate), Optional.empty(), DIRECTORY,
                    now.plusSeconds(later))).isInstanceOf(Decision.Due.class);
            case Decision.NotDue notDue -> {
                assertThat(notDue.until()).isAfter(now);
                assertThat(POLICY.decide(Optional.of(certificate), Optional.empty(), DIRECTORY, notDue.until()))
                        .isInstanceOf(Decision.Due.class);
                assertThat(POLICY.decide(Optional.of(certificate), Optional.empty(), DIRECTORY,
                        notDue.until().minusNanos(1))).isInstanceOf(Decision.NotDue.class);
            }
        }
    }

    @Property
    void nothingIsOrderedDuringABackoffWhateverTheCertificate(@ForAll("names") CertificateNames names,
            @ForAll @LongRange(max = 400_000_000) long start, @ForAll @LongRange(min = 1, max = 160_000_000) long lifetime,
            @ForAll @IntRange(min = 1, max = 100) int failures, @ForAll @LongRange(min = 0, max = 28_800) long into) {
        IssuedCertificate certificate = certificate(names, start, lifetime);
        Instant failedAt = certificate.notAfter().minusSeconds(lifetime / 4);
        RenewalFailure failure = new RenewalFailure(names, failures, failedAt,
                POLICY.nextAttempt(failures, failedAt, Optional.empty()), "refused");
        Instant now = failedAt.plusSeconds(into);

        Decision decision = POLICY.decide(Optional.of(certificate), Optional.of(failure), DIRECTORY, now);
        Decision withoutCertificate = POLICY.decide(Optional.empty(), Optional.of(failure), DIRECTORY, now);

        if (now.isBefore(failure.nextAttempt())) {
            assertThat(decision).isEqualTo(withoutCertificate).isInstanceOf(Decision.NotDue.class);
        } else {
            assertThat(withoutCertificate).isInstanceOf(Decision.Due.class);
        }
    }

    @Property
    void theWaitAfterAFailureNeverShrinksIsBoundedAndHonoursRetryAfter(@ForAll @IntRange(min = 1, max = 1000) int failures,
            @ForAll @LongRange(min = 0, max = 100_000) long retryAfterSeconds) {
        Duration wait = Duration.between(EPOCH, POLICY.nextAttempt(failures, EPOCH, Optional.empty()));
        Duration nextWait = Duration.between(EPOCH, POLICY.nextAttempt(failures + 1, EPOCH, Optional.empty()));
        Instant retryAfter = EPOCH.plusSeconds(retryAfterSeconds);

        assertThat(nextWait).isGreaterThanOrEqualTo(wait);
        assertThat(wait).isBetween(POLICY.retryFirst(), POLICY.retryLongest());
        if (wait.compareTo(POLICY.retryLongest()) < 0) {
            assertThat(nextWait).isEqualTo(wait.multipliedBy(2).compareTo(POLICY.retryLongest()) < 0
                    ? wait.multipliedBy(2) : POLICY.retryLongest());
        }
        assertThat(POLICY.nextAttempt(failures, EPOCH, Optional.of(retryAfter)))
                .isAfterOrEqualTo(retryAfter).isAfterOrEqualTo(EPOCH.plus(wait));
    }
}

package dev.moor.server.tls.acme;

import dev.moor.engine.store.CertificateNames;
import dev.moor.engine.store.IssuedCertificate;
import dev.moor.engine.store.RenewalFailure;
import dev.moor.server.tls.acme.RenewalPolicy.Decision;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RenewalPolicyTest {
    private static final RenewalPolicy POLICY = RenewalPolicy.DEFAULT;
    private static final Instant ISSUED = Instant.parse("2026-12-01T00:00:00Z");
    private static final String DIRECTORY = "https://acme.example/dir";
    private static final CertificateNames NAMES = CertificateNames.of("www.example.com");

    @Test
    void aNinetyDayCertificateIsRenewedWithThirtyToThirtyThreeDaysLeft() {
        Instant notAfter = ISSUED.plus(Duration.ofDays(90));

        Instant renewAt = POLICY.renewAt(NAMES, ISSUED, notAfter);

        assertThat(Duration.between(renewAt, notAfter)).isBetween(Duration.ofDays(30), Duration.ofDays(33));
    }

    @Test
    void aYearLongCertificateIsRenewedWhenAThirdOfItRemains() {
        Instant notAfter = ISSUED.plus(Duration.ofDays(366));

        Duration left = Duration.between(POLICY.renewAt(NAMES, ISSUED, notAfter), notAfter);

        assertThat(left).isBetween(Duration.ofDays(122), Duration.ofDays(122).plus(Duration.ofDays(122).dividedBy(10)));
    }

    @Test
    void aSixDayCertificateIsRenewedAroundHalfItsLife() {
        Instant notAfter = ISSUED.plus(Duration.ofDays(6));

        Duration left = Duration.between(POLICY.renewAt(NAMES, ISSUED, notAfter), notAfter);

        assertThat(left).isBetween(Duration.ofDays(3), Duration.ofDays(3).plus(Duration.ofHours(8)));
    }

    @Test
    void certificatesIssuedTogetherAreSpreadAndEachKeepsItsMoment() {
        Instant notAfter = ISSUED.plus(Duration.ofDays(90));

        Instant www = POLICY.renewAt(NAMES, ISSUED, notAfter);
        Instant api = POLICY.renewAt(CertificateNames.of("api.example.com"), ISSUED, notAfter);

        assertThat(www).isNotEqualTo(api);
        assertThat(POLICY.renewAt(CertificateNames.of("WWW.example.com"), ISSUED, notAfter)).isEqualTo(www);
    }

    @Test
    void decisionsSayWhy() {
        IssuedCertificate certificate = new IssuedCertificate(NAMES, DIRECTORY, "chain", "key", ISSUED,
                ISSUED.plus(Duration.ofDays(90)), ISSUED);
        Instant renewAt = POLICY.renewAt(NAMES, ISSUED, certificate.notAfter());

        assertThat(POLICY.decide(Optional.empty(), Optional.empty(), DIRECTORY, ISSUED))
                .isEqualTo(new Decision.Due("no certificate yet"));
        assertThat(POLICY.decide(Optional.of(certificate), Optional.empty(), DIRECTORY, ISSUED))
                .isEqualTo(new Decision.NotDue(renewAt, "valid until 2027-03-01T00:00:00Z"));
        assertThat(POLICY.decide(Optional.of(certificate), Optional.empty(), DIRECTORY, renewAt))
                .isEqualTo(new Decision.Due("renewal due since " + renewAt + ", expires 2027-03-01T00:00:00Z"));
        assertThat(POLICY.decide(Optional.of(certificate), Optional.empty(), DIRECTORY, certificate.notAfter()))
                .isEqualTo(new Decision.Due("expired at 2027-03-01T00:00:00Z"));
        assertThat(POLICY.decide(Optional.of(certificate), Optional.empty(), "https://other.example/dir", ISSUED))
                .isEqualTo(new Decision.Due("its certificate is from another ACME directory, " + DIRECTORY));

        RenewalFailure failure = new RenewalFailure(NAMES, 2, renewAt, renewAt.plus(Duration.ofMinutes(10)),
                "www.example.com: challenge invalid: http-01: 404");
        assertThat(POLICY.decide(Optional.of(certificate), Optional.of(failure), DIRECTORY, renewAt))
                .isEqualTo(new Decision.NotDue(failure.nextAttempt(),
                        "waiting after 2 failed attempts: www.example.com: challenge invalid: http-01: 404"));
        assertThat(POLICY.decide(Optional.of(certificate), Optional.of(failure), DIRECTORY, failure.nextAttempt()))
                .isEqualTo(new Decision.Due("renewal due since " + renewAt + ", expires 2027-03-01T00:00:00Z"
                        + " (attempt 3)"));
    }

    @Test
    void theWaitDoublesFromFiveMinutesToEightHoursAndHonoursRetryAfter() {
        assertThat(Duration.between(ISSUED, POLICY.nextAttempt(1, ISSUED, Optional.empty()))).hasMinutes(5);
        assertThat(Duration.between(ISSUED, POLICY.nextAttempt(2, ISSUED, Optional.empty()))).hasMinutes(10);
        assertThat(Duration.between(ISSUED, POLICY.nextAttempt(3, ISSUED, Optional.empty()))).hasMinutes(20);
        assertThat(Duration.between(ISSUED, POLICY.nextAttempt(9, ISSUED, Optional.empty()))).hasHours(8);
        assertThat(Duration.between(ISSUED, POLICY.nextAttempt(1000, ISSUED, Optional.empty()))).hasHours(8);
        Instant retryAfter = ISSUED.plus(Duration.ofHours(1));
        assertThat(POLICY.nextAttempt(1, ISSUED, Optional.of(retryAfter))).isEqualTo(retryAfter);
        assertThat(POLICY.nextAttempt(9, ISSUED, Optional.of(retryAfter))).isEqualTo(ISSUED.plus(Duration.ofHours(8)));
    }

    @Test
    void settingsAreChecked() {
        assertThatThrownBy(() -> new RenewalPolicy(Duration.ZERO, Duration.ofMinutes(5), Duration.ofHours(8)))
                .hasMessage("renewBefore: PT0S (expected: > 0)");
        assertThatThrownBy(() -> new RenewalPolicy(Duration.ofDays(30), Duration.ofMinutes(-5), Duration.ofHours(8)))
                .hasMessage("retryFirst: PT-5M (expected: > 0)");
        assertThatThrownBy(() -> new RenewalPolicy(Duration.ofDays(30), Duration.ofHours(2), Duration.ofHours(1)))
                .hasMessage("retryLongest: PT1H (expected: >= retryFirst, PT2H)");
        assertThatThrownBy(() -> POLICY.nextAttempt(0, ISSUED, Optional.empty()))
                .hasMessage("failures: 0 (expected: >= 1)");
    }
}

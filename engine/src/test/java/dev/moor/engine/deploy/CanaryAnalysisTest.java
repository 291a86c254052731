package dev.moor.engine.deploy;

import dev.moor.snapshot.channel.ClusterFigures;
import dev.moor.spec.CanarySpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class CanaryAnalysisTest {
    private static final List<Long> BOUNDS = List.of(1L, 5L, 10L, 25L, 50L, 100L, 250L);
    private static final CanarySpec.AnalysisSpec SPEC = new CanarySpec.AnalysisSpec(0.01, 0.5, Duration.ZERO,
            100, Duration.ofSeconds(10), Duration.ZERO);

    /** A judgement of a canary past its warm-up: its latency is judged on the same window. */
    private static CanaryAnalysis.Verdict judge(CanarySpec.AnalysisSpec spec, WindowFigures canary,
                                                WindowFigures stable, WindowFigures baseline) {
        return CanaryAnalysis.judge(spec, canary, Optional.of(canary), stable, baseline);
    }

    /** {@code responses} answers; {@code within} per bound as counts per bucket (not cumulative). */
    private static WindowFigures figures(long responses, long errors, long failed, long... perBucket) {
        long[] atMost = new long[BOUNDS.size()];
        long sum = 0;
        for (int i = 0; i < atMost.length; i++) {
            sum += i < perBucket.length ? perBucket[i] : 0;
            atMost[i] = sum;
        }
        return new WindowFigures(responses, errors, failed, BOUNDS,
                java.util.Arrays.stream(atMost).boxed().toList());
    }

    @Test
    void tooFewRequestsAreNotJudged() {
        assertThat(judge(SPEC, figures(60, 30, 39, 60), figures(1000, 0, 0, 1000), WindowFigures.NONE))
                .isEqualTo(new CanaryAnalysis.Verdict.Insufficient(99, 100));
    }

    @Test
    void errorsAndFailedAttemptsCountAgainstTheOldVersionsRatePlusTheThreshold() {
        WindowFigures stable = figures(1000, 20, 0, 1000);

        assertThat(judge(SPEC, figures(200, 5, 0, 200), stable, WindowFigures.NONE))
                .as("2.5% against 2% + 1%").isInstanceOf(CanaryAnalysis.Verdict.Pass.class);
        assertThat(judge(SPEC, figures(195, 2, 5, 195), stable, WindowFigures.NONE))
                .isEqualTo(new CanaryAnalysis.Verdict.Fail("error rate 3.50% over 200 requests (2 5xx, 5 failed"
                        + " attempts); the old version's 2.00%, max_error_rate 1.00%"));
    }

    @Test
    void theP99IsJudgedOnBucketsSoThatOneBucketOfNoiseNeverFailsIt() {
        WindowFigures stable = figures(1000, 0, 0, 980, 20);

        assertThat(judge(SPEC, figures(200, 0, 0, 190, 5, 5), stable, WindowFigures.NONE))
                .as("p99 in (5, 10] against (1, 5]: its bottom, 5, is within 7.5")
                .isInstanceOf(CanaryAnalysis.Verdict.Pass.class);
        assertThat(judge(SPEC, figures(200, 0, 0, 190, 0, 0, 10), stable, WindowFigures.NONE))
                .isEqualTo(new CanaryAnalysis.Verdict.Fail("p99 latency above 10 ms over 200 requests; the old"
                        + " version's at most 5 ms, max_p99_increase 50.00%, min_p99_increase 0 ms (limit 8 ms)"));
    }

    @Test
    void aFewMillisecondsSlowerIsNoRegressionBelowMinP99Increase() {
        CanarySpec.AnalysisSpec tolerant = new CanarySpec.AnalysisSpec(0.01, 0.5, Duration.ofMillis(20), 100,
                Duration.ofSeconds(10), Duration.ZERO);
        WindowFigures stable = figures(1000, 0, 0, 980, 20);

        assertThat(judge(tolerant, figures(200, 0, 0, 190, 0, 0, 10), stable, WindowFigures.NONE))
                .as("p99 in (10, 25] against at most 5 ms: within 5 + 20").isInstanceOf(CanaryAnalysis.Verdict.Pass.class);
        assertThat(judge(tolerant, figures(200, 0, 0, 190, 0, 0, 0, 0, 10), stable,
                WindowFigures.NONE)).as("p99 in (50, 100]").isInstanceOf(CanaryAnalysis.Verdict.Fail.class);
    }

    @Test
    void whileItWarmsUpACanaryIsJudgedOnItsErrorsOnly() {
        WindowFigures stable = figures(1000, 0, 0, 980, 20);
        WindowFigures coldAndSlow = figures(200, 0, 0, 100, 0, 0, 0, 0, 0, 100);

        assertThat(CanaryAnalysis.judge(SPEC, coldAndSlow, Optional.empty(), stable, WindowFigures.NONE))
                .isEqualTo(new CanaryAnalysis.Verdict.Pass("200 requests, error rate 0.00%, p99 not judged while it"
                        + " warms up"));
        assertThat(CanaryAnalysis.judge(SPEC, coldAndSlow, Optional.of(figures(40, 0, 0, 0, 0, 0, 0, 0, 0, 40)),
                stable, WindowFigures.NONE)).as("too few requests since the warm-up ended")
                .isInstanceOf(CanaryAnalysis.Verdict.Pass.class);
        assertThat(CanaryAnalysis.judge(SPEC, figures(200, 20, 0, 200), Optional.empty(), stable, WindowFigures.NONE))
                .isInstanceOf(CanaryAnalysis.Verdict.Fail.class);
    }

    @Test
    void whenTheOldVersionHadTooFewRequestsInTheWindowItsBaselineIsUsed() {
        WindowFigures canary = figures(500, 10, 0, 500);

        assertThat(judge(SPEC, canary, figures(10, 5, 0, 10), figures(5000, 0, 0, 5000)))
                .isInstanceOf(CanaryAnalysis.Verdict.Fail.class);
        assertThat(judge(SPEC, canary, figures(10, 0, 0, 10), figures(5000, 100, 0, 5000)))
                .isInstanceOf(CanaryAnalysis.Verdict.Pass.class);
    }

    @Test
    void aWindowIsTheDifferenceOfTwoReportsAndAnEdgeThatRestartedStartsAgain() {
        ClusterFigures earlier = new ClusterFigures(100, 1, 2, List.of(1L, 5L), List.of(90L, 100L));
        ClusterFigures later = new ClusterFigures(300, 4, 3, List.of(1L, 5L), List.of(250L, 290L));

        assertThat(WindowFigures.between(earlier, later))
                .isEqualTo(new WindowFigures(200, 3, 1, List.of(1L, 5L), List.of(160L, 190L)));
        ClusterFigures restarted = new ClusterFigures(50, 0, 0, List.of(1L, 5L), List.of(50L, 50L));
        assertThat(WindowFigures.between(later, restarted)).isEqualTo(WindowFigures.of(restarted));
        assertThat(WindowFigures.between(null, later)).isEqualTo(WindowFigures.of(later));
    }
}

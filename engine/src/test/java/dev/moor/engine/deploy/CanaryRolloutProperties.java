package dev.moor.engine.deploy;

import dev.moor.engine.routing.EdgeSnapshots;
import dev.moor.spec.CanarySpec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The canary state machine's invariants over random specs, steps, verdicts and clocks. */
class CanaryRolloutProperties {
    private static final Instant START = Instant.parse("2026-12-07T00:00:00Z");

    record Input(CanarySpec spec, CanaryStep at, boolean healthy, CanaryAnalysis.Verdict verdict, Instant now) {}

    @Provide
    Arbitrary<CanarySpec> specs() {
        Arbitrary<CanarySpec.Step> step = Arbitraries.oneOf(
                Arbitraries.integers().between(0, 100).map(CanarySpec.Step.Weight::new),
                Arbitraries.just(new CanarySpec.Step.Pause()));
        return Combinators.combine(step.list().ofMinSize(1).ofMaxSize(6), Arbitraries.integers().between(1, 600))
                .as((steps, bakeSeconds) -> new CanarySpec(nonDecreasing(steps), Duration.ofSeconds(bakeSeconds), false,
                        CanarySpec.DEFAULT_HEADER, CanarySpec.AnalysisSpec.defaults()));
    }

    private static List<CanarySpec.Step> nonDecreasing(List<CanarySpec.Step> steps) {
        List<CanarySpec.Step> sorted = new ArrayList<>();
        int previous = 0;
        for (CanarySpec.Step step : steps) {
            if (step instanceof CanarySpec.Step.Weight weight) {
                previous = Math.max(previous, weight.percent());
                sorted.add(new CanarySpec.Step.Weight(previous));
            } else {
                sorted.add(step);
            }
        }
        return sorted;
    }

    @Provide
    Arbitrary<Input> inputs() {
        Arbitrary<CanaryAnalysis.Verdict> verdicts = Arbitraries.oneOf(
                Arbitraries.longs().between(0, 99).map(n -> new CanaryAnalysis.Verdict.Insufficient(n, 100)),
                Arbitraries.just(new CanaryAnalysis.Verdict.Pass("fine")),
                Arbitraries.just(new CanaryAnalysis.Verdict.Fail("error rate")));
        return specs().flatMap(spec -> Combinators.combine(
                Arbitraries.integers().between(CanaryStep.STARTING, spec.steps().size()),
                Arbitraries.integers().between(0, 3600), Arbitraries.of(true, false), verdicts,
                Arbitraries.integers().between(0, 3600))
                .as((step, since, healthy, verdict, later) -> new Input(spec,
                        new CanaryStep(step, START.plusSeconds(since)), healthy, verdict,
                        START.plusSeconds(since + later))));
    }

    private static CanaryRollout.Decision decide(Input input) {
        return CanaryRollout.decide(input.spec(), input.at(), input.healthy(), input.verdict(), input.now());
    }

    @Property
    void the_same_inputs_give_the_same_decision(@ForAll("inputs") Input input) {
        assertThat(decide(input)).isEqualTo(decide(input));
    }

    @Property
    void a_step_never_ends_before_its_bake_nor_moves_on_from_a_pause(@ForAll("inputs") Input input) {
        if (decide(input) instanceof CanaryRollout.Decision.Advance || decide(input) instanceof CanaryRollout.Decision.Complete) {
            if (input.at().step() != CanaryStep.STARTING) {
                assertThat(input.now()).isAfterOrEqualTo(input.at().since().plus(input.spec().bake()));
                assertThat(input.spec().pausesAt(input.at().step())).isFalse();
            } else {
                assertThat(input.healthy()).as("traffic only once the new set is healthy").isTrue();
            }
        }
    }

    @Property
    void a_failed_analysis_always_rolls_back_once_traffic_flows(@ForAll("inputs") Input input) {
        boolean stepping = input.at().step() != CanaryStep.STARTING && !CanaryRollout.done(input.spec(), input.at());
        if (stepping && input.verdict() instanceof CanaryAnalysis.Verdict.Fail) {
            assertThat(decide(input)).isInstanceOf(CanaryRollout.Decision.RollBack.class);
        }
        if (!(input.verdict() instanceof CanaryAnalysis.Verdict.Fail)) {
            assertThat(decide(input)).isNotInstanceOf(CanaryRollout.Decision.RollBack.class);
        }
    }

    @Property
    void weights_never_decrease_and_a_step_of_traffic_ends_only_on_a_verdict(@ForAll("inputs") Input input) {
        CanaryRollout.Decision decision = decide(input);
        if (decision instanceof CanaryRollout.Decision.Advance advance) {
            assertThat(advance.next().step()).isEqualTo(input.at().step() + 1);
            assertThat(CanaryRollout.weight(input.spec(), advance.next()))
                    .isGreaterThanOrEqualTo(CanaryRollout.weight(input.spec(), input.at()));
            if (CanaryRollout.weight(input.spec(), input.at()) > 0) {
                assertThat(input.verdict()).isInstanceOf(CanaryAnalysis.Verdict.Pass.class);
            }
        }
    }

    @Property
    void walking_the_steps_with_good_figures_reaches_all_of_the_traffic(@ForAll("specs") CanarySpec spec) {
        CanaryStep at = CanaryStep.starting(START);
        Instant now = START;
        for (int i = 0; i <= spec.steps().size() * 2 + 1 && !CanaryRollout.done(spec, at); i++) {
            now = now.plus(spec.bake());
            CanaryRollout.Decision decision = CanaryRollout.decide(spec, at, true,
                    new CanaryAnalysis.Verdict.Pass("fine"), now);
            at = switch (decision) {
                case CanaryRollout.Decision.Advance advance -> advance.next();
                case CanaryRollout.Decision.Complete complete -> CanaryRollout.finished(spec, now);
                // A pause: moor promote.
                case CanaryRollout.Decision.Hold hold -> new CanaryStep(at.step() + 1, now);
                case CanaryRollout.Decision.RollBack rollBack -> throw new AssertionError(rollBack.why());
            };
        }
        assertThat(CanaryRollout.done(spec, at)).isTrue();
        assertThat(CanaryRollout.weight(spec, at)).isEqualTo(100);
    }

    @Property
    void the_edge_weights_sum_to_100_across_the_sides_that_have_a_healthy_replica(
            @ForAll @IntRange(max = 100) int percent, @ForAll boolean stableHealthy, @ForAll boolean canaryHealthy) {
        int[] shares = EdgeSnapshots.canaryShares(percent, stableHealthy, canaryHealthy);
        assertThat(shares[0] + shares[1]).isEqualTo(100);
        if (stableHealthy != canaryHealthy) {
            assertThat(stableHealthy ? shares[0] : shares[1]).as("the healthy side takes all").isEqualTo(100);
        }
    }
}

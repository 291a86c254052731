package dev.moor.engine.health;

import dev.moor.engine.reconciler.ReplicaHealth;
import dev.moor.spec.HealthSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HealthTrackerTest {

    private static final Instant STARTED = Instant.parse("2025-06-01T12:00:00Z");

    private static HealthSpec spec(int healthyThreshold, int unhealthyThreshold, Duration grace) {
        return new HealthSpec(new HealthSpec.Check.Tcp(), Duration.ofSeconds(1), Duration.ofSeconds(1),
                healthyThreshold, unhealthyThreshold, grace);
    }

    /**
     * Two successes make it healthy, three failures unhealthy, with 10 s of grace. Each step is {@code S@t} (a
     * probe passed t seconds after the start) or {@code F@t} (it failed); the expected column lists the state
     * after each step.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            successes make it healthy                 | S@1 S@2                 | STARTING HEALTHY
            a failure restarts the count of successes | S@1 F@2 S@3 S@4         | STARTING STARTING STARTING HEALTHY
            failures inside the grace do not count    | F@1 F@2 F@3 F@9         | STARTING STARTING STARTING STARTING
            failures past the grace do                | F@10 F@11 F@12          | STARTING STARTING UNHEALTHY
            grace failures do not add to later ones   | F@8 F@9 F@10 F@11       | STARTING STARTING STARTING STARTING
            a success in between restarts the count   | F@10 F@11 S@12 F@13 F@14 | STARTING STARTING STARTING STARTING STARTING
            healthy goes unhealthy even in the grace  | S@1 S@2 F@3 F@4 F@5     | STARTING HEALTHY HEALTHY HEALTHY UNHEALTHY
            a success keeps a healthy one healthy     | S@1 S@2 F@3 F@4 S@5 F@6 F@7 | STARTING HEALTHY HEALTHY HEALTHY HEALTHY HEALTHY HEALTHY
            unhealthy recovers after successes        | F@10 F@11 F@12 S@13 S@14 | STARTING STARTING UNHEALTHY UNHEALTHY HEALTHY
            a failure restarts the recovery           | F@10 F@11 F@12 S@13 F@14 S@15 S@16 | STARTING STARTING UNHEALTHY UNHEALTHY UNHEALTHY UNHEALTHY HEALTHY
            """)
    void transitions(String name, String steps, String expected) {
        HealthTracker tracker = new HealthTracker(spec(2, 3, Duration.ofSeconds(10)), STARTED);

        List<ReplicaHealth> states = new ArrayList<>();
        for (String step : steps.trim().split("\\s+")) {
            Instant at = STARTED.plusSeconds(Long.parseLong(step.substring(2)));
            states.add(step.charAt(0) == 'S' ? tracker.recordSuccess() : tracker.recordFailure(at));
        }

        assertThat(states).containsExactlyElementsOf(
                Arrays.stream(expected.trim().split("\\s+")).map(ReplicaHealth::valueOf).toList());
        assertThat(tracker.state()).isEqualTo(states.getLast());
    }

    @Test
    void thresholds_of_one_switch_on_every_result() {
        HealthTracker tracker = new HealthTracker(spec(1, 1, Duration.ZERO), STARTED);

        assertThat(tracker.state()).isEqualTo(ReplicaHealth.STARTING);
        assertThat(tracker.recordFailure(STARTED)).isEqualTo(ReplicaHealth.UNHEALTHY);
        assertThat(tracker.recordSuccess()).isEqualTo(ReplicaHealth.HEALTHY);
        assertThat(tracker.recordFailure(STARTED.plusSeconds(1))).isEqualTo(ReplicaHealth.UNHEALTHY);
    }

    @Test
    void stopping_is_final() {
        HealthTracker tracker = new HealthTracker(spec(1, 1, Duration.ZERO), STARTED);
        tracker.recordSuccess();

        tracker.markStopping();

        assertThat(tracker.recordFailure(STARTED.plusSeconds(5))).isEqualTo(ReplicaHealth.STOPPING);
        assertThat(tracker.recordSuccess()).isEqualTo(ReplicaHealth.STOPPING);
        assertThat(tracker.state()).isEqualTo(ReplicaHealth.STOPPING);
    }

    @Test
    void rejects_thresholds_below_one_and_a_negative_grace() {
        assertThatThrownBy(() -> new HealthTracker(spec(0, 3, Duration.ZERO), STARTED))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("healthy_threshold: 0 (expected: >= 1)");
        assertThatThrownBy(() -> new HealthTracker(spec(1, 0, Duration.ZERO), STARTED))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("unhealthy_threshold: 0 (expected: >= 1)");
        assertThatThrownBy(() -> new HealthTracker(spec(1, 1, Duration.ofSeconds(-1)), STARTED))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("start_grace: -1000ms (expected: >= 0)");
    }
}

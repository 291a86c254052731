package dev.moor.engine.reconciler;

import dev.moor.engine.reconciler.Action.Reason;
import dev.moor.engine.reconciler.Action.RemoveReplica;
import dev.moor.engine.reconciler.Action.StartReplica;
import dev.moor.engine.runtime.ContainerState;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static dev.moor.engine.reconciler.ReplicaHealth.HEALTHY;
import static dev.moor.engine.reconciler.ReplicaHealth.STARTING;
import static dev.moor.engine.reconciler.ReplicaHealth.STOPPING;
import static dev.moor.engine.reconciler.ReplicaHealth.UNHEALTHY;
import static dev.moor.engine.runtime.ContainerState.RUNNING;
import static org.assertj.core.api.Assertions.assertThat;

class ReconcilerTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    private static DesiredService web(int replicas) {
        return new DesiredService("web", replicas, "new", 1, 0);
    }

    private static Desired desired(DesiredService... services) {
        return new Desired("shop", 7, Arrays.stream(services)
                .collect(Collectors.toMap(DesiredService::name, service -> service)));
    }

    private static ObservedReplica replica(String id, String service, int slot, String hash, ContainerState state,
                                           ReplicaHealth health) {
        return new ObservedReplica(id, service, slot, hash, state, health);
    }

    private static ObservedReplica web(String id, int slot, String hash, ReplicaHealth health) {
        return replica(id, "web", slot, hash, RUNNING, health);
    }

    private static Plan plan(Desired desired, ObservedReplica... replicas) {
        return Reconciler.plan(desired, new Observed(List.of(replicas), Map.of()), NOW);
    }

    private static RemoveReplica remove(String id, int slot, Reason reason) {
        return new RemoveReplica(id, "web", slot, reason);
    }

    private static StartReplica start(int slot) {
        return new StartReplica("web", slot);
    }

    @Test
    void converged_state_gives_an_empty_plan() {
        Plan plan = plan(desired(web(2)), web("a", 0, "new", HEALTHY), web("b", 1, "new", HEALTHY));

        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.recheckAt()).isEmpty();
    }

    @Test
    void starting_replicas_with_the_desired_config_are_left_to_become_healthy() {
        assertThat(plan(desired(web(2)), web("a", 0, "new", STARTING), web("b", 1, "new", STARTING)).actions())
                .isEmpty();
    }

    @Test
    void nothing_running_starts_every_slot_in_order() {
        assertThat(plan(desired(web(3))).actions()).containsExactly(start(0), start(1), start(2));
    }

    @Test
    void containers_of_services_no_longer_desired_are_removed_in_any_state() {
        Plan plan = plan(desired(web(1)),
                web("a", 0, "new", HEALTHY),
                replica("b", "old", 0, "x", RUNNING, HEALTHY),
                replica("c", "old", 1, "x", ContainerState.EXITED, STARTING));

        assertThat(plan.actions()).containsExactly(
                new RemoveReplica("b", "old", 0, Reason.UNKNOWN_SERVICE),
                new RemoveReplica("c", "old", 1, Reason.UNKNOWN_SERVICE));
    }

    @Test
    void a_container_moor_is_stopping_already_gets_no_second_removal() {
        Plan plan = plan(desired(web(1)),
                web("a", 0, "new", HEALTHY),
                replica("b", "old", 0, "x", RUNNING, STOPPING),
                web("c", 3, "new", STOPPING),
                replica("d", "web", 1, "new", ContainerState.EXITED, STOPPING));

        assertThat(plan.actions()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = ContainerState.class, names = {"EXITED", "DEAD", "CREATED"})
    void a_failed_container_is_removed_and_its_slot_refilled(ContainerState state) {
        Plan plan = plan(desired(web(2)), web("a", 0, "new", HEALTHY), replica("b", "web", 1, "new", state, HEALTHY));

        assertThat(plan.actions()).containsExactly(remove("b", 1, Reason.FAILED), start(1));
    }

    @Test
    void a_container_the_engine_is_removing_gets_no_action_and_its_slot_is_refilled() {
        Plan plan = plan(desired(web(2)), web("a", 0, "new", HEALTHY),
                replica("b", "web", 1, "new", ContainerState.REMOVING, HEALTHY));

        assertThat(plan.actions()).containsExactly(start(1));
    }

    @Test
    void an_unhealthy_replica_is_replaced_and_removed_after_its_replacement_starts() {
        Plan plan = plan(desired(web(2)), web("a", 0, "new", HEALTHY), web("b", 1, "new", UNHEALTHY));

        assertThat(plan.actions()).containsExactly(start(1), remove("b", 1, Reason.UNHEALTHY));
    }

    @Test
    void an_unhealthy_replica_beyond_the_replica_count_is_removed_without_replacement() {
        Plan plan = plan(desired(web(1)), web("a", 0, "new", HEALTHY), web("b", 1, "new", UNHEALTHY));

        assertThat(plan.actions()).containsExactly(remove("b", 1, Reason.UNHEALTHY));
    }

    @Nested
    class Stopping {

        @Test
        void a_stopping_replica_does_not_fill_its_slot() {
            Plan plan = plan(desired(web(1)), web("a", 0, "new", STOPPING));

            assertThat(plan.actions()).containsExactly(start(0));
        }

        @Test
        void alive_stopping_replicas_count_toward_the_surge_cap() {
            // replicas 2 + maxSurge 1 = 3 alive at most: two are stopping, so one start fits.
            Plan plan = plan(desired(web(2)), web("a", 0, "new", STOPPING), web("b", 1, "new", STOPPING));

            assertThat(plan.actions()).containsExactly(start(0));
        }

        @Test
        void exited_stopping_replicas_do_not_count_toward_the_surge_cap() {
            Plan plan = plan(desired(web(2)),
                    replica("a", "web", 0, "new", ContainerState.EXITED, STOPPING),
                    replica("b", "web", 1, "new", ContainerState.EXITED, STOPPING));

            assertThat(plan.actions()).containsExactly(start(0), start(1));
        }
    }

    @Nested
    class Surplus {

        @Test
        void replicas_beyond_the_count_are_removed() {
            Plan plan = plan(desired(web(1)),
                    web("a", 0, "new", HEALTHY), web("b", 1, "new", HEALTHY), web("c", 2, "old", STARTING));

            assertThat(plan.actions()).containsExactly(remove("b", 1, Reason.SURPLUS), remove("c", 2, Reason.SURPLUS));
        }

        @Test
        void a_negative_slot_is_surplus() {
            assertThat(plan(desired(web(1)), web("a", 0, "new", HEALTHY), web("b", -1, "new", STARTING)).actions())
                    .containsExactly(remove("b", -1, Reason.SURPLUS));
        }

        @Test
        void the_last_healthy_replica_stays_until_another_is_healthy() {
            Plan whileStarting = plan(desired(web(1)), web("a", 0, "new", STARTING), web("b", 1, "new", HEALTHY),
                    web("c", 2, "new", HEALTHY));
            Plan onceHealthy = plan(desired(web(1)), web("a", 0, "new", HEALTHY), web("b", 1, "new", HEALTHY));

            assertThat(whileStarting.actions()).containsExactly(remove("c", 2, Reason.SURPLUS));
            assertThat(onceHealthy.actions()).containsExactly(remove("b", 1, Reason.SURPLUS));
        }

        @Test
        void replicas_removed_after_the_starts_still_count_toward_the_cap() {
            Plan plan = plan(desired(web(1)), web("b", 1, "new", HEALTHY), web("c", 2, "new", HEALTHY));
            Plan next = plan(desired(web(1)), web("b", 1, "new", HEALTHY));

            assertThat(plan.actions()).containsExactly(remove("c", 2, Reason.SURPLUS));
            assertThat(next.actions()).containsExactly(start(0));
        }

        @Test
        void scaled_to_zero_everything_goes_healthy_or_not() {
            Plan plan = plan(desired(web(0)), web("a", 0, "new", HEALTHY), web("b", 1, "new", HEALTHY));

            assertThat(plan.actions()).containsExactly(remove("a", 0, Reason.SURPLUS), remove("b", 1, Reason.SURPLUS));
        }
    }

    @Nested
    class Duplicates {

        @Test
        void the_healthy_one_is_kept() {
            Plan plan = plan(desired(web(1)), web("a", 0, "new", STARTING), web("b", 0, "new", HEALTHY));

            assertThat(plan.actions()).containsExactly(remove("a", 0, Reason.DUPLICATE));
        }

        @Test
        void equally_good_ones_keep_the_smallest_id() {
            Plan plan = plan(desired(web(1)),
                    web("c", 0, "new", HEALTHY), web("a", 0, "new", HEALTHY), web("b", 0, "new", HEALTHY));

            assertThat(plan.actions()).containsExactly(remove("b", 0, Reason.DUPLICATE), remove("c", 0, Reason.DUPLICATE));
        }

        @Test
        void replicas_the_engine_started_again_after_its_restart_go_beside_a_replacement_and_the_empty_slot_is_refilled() {
            // Moor replaced slots 0 and 1 while the engine was away; the engine's restart policy brought back the
            // old replicas of those slots (probed afresh: STARTING); slot 2 has nothing.
            Plan plan = plan(desired(web(3)),
                    web("n0", 0, "new", HEALTHY), web("o0", 0, "new", STARTING),
                    web("n1", 1, "new", STARTING), web("o1", 1, "new", STARTING));

            assertThat(plan.actions()).containsExactly(
                    remove("o0", 0, Reason.DUPLICATE), remove("o1", 1, Reason.DUPLICATE), start(2));
        }
    }

    @Nested
    class RollingReplacement {

        @Test
        void starts_replacements_within_the_surge_and_keeps_the_outdated_replicas_serving() {
            Plan plan = plan(desired(web(2)), web("a", 0, "old", HEALTHY), web("b", 1, "old", HEALTHY));

            assertThat(plan.actions()).containsExactly(start(0));
        }

        @Test
        void a_larger_surge_replaces_more_slots_at_once() {
            Plan plan = plan(desired(new DesiredService("web", 3, "new", 2, 0)),
                    web("a", 0, "old", HEALTHY), web("b", 1, "old", HEALTHY), web("c", 2, "old", HEALTHY));

            assertThat(plan.actions()).containsExactly(start(0), start(1));
        }

        @Test
        void max_unavailable_takes_healthy_outdated_replicas_out_first_and_refills_their_slots() {
            ObservedReplica[] old = {web("a", 0, "old", HEALTHY), web("b", 1, "old", HEALTHY), web("c", 2, "old", HEALTHY)};

            Plan inPlace = plan(desired(new DesiredService("web", 3, "new", 0, 1)), old);
            Plan both = plan(desired(new DesiredService("web", 3, "new", 1, 1)), old);
            Plan waiting = plan(desired(new DesiredService("web", 3, "new", 0, 1)),
                    web("n", 0, "new", STARTING), web("b", 1, "old", HEALTHY), web("c", 2, "old", HEALTHY));

            assertThat(inPlace.actions()).as("in place: the replacement starts once the old one is gone")
                    .containsExactly(remove("a", 0, Reason.MAKING_ROOM));
            assertThat(both.actions()).containsExactly(remove("a", 0, Reason.MAKING_ROOM), start(0));
            assertThat(plan(desired(new DesiredService("web", 3, "new", 0, 1)), web("b", 1, "old", HEALTHY),
                    web("c", 2, "old", HEALTHY)).actions()).as("once it is gone").containsExactly(start(0));
            assertThat(waiting.actions()).as("slot 0 has no healthy replica yet: the budget is spent").isEmpty();
        }

        @Test
        void without_surge_a_single_healthy_replica_is_replaced_beside_itself_not_taken_out() {
            Plan plan = plan(desired(new DesiredService("web", 1, "new", 0, 1)), web("a", 0, "old", HEALTHY));

            assertThat(plan.actions()).containsExactly(start(0));
        }

        @Test
        void the_outdated_replica_stays_while_its_replacement_is_starting() {
            Plan plan = plan(desired(web(2)),
                    web("a", 0, "old", HEALTHY), web("n", 0, "new", STARTING), web("b", 1, "old", HEALTHY));

            assertThat(plan.actions()).isEmpty();
        }

        @Test
        void the_outdated_replica_goes_once_its_replacement_is_healthy_and_the_next_slot_waits_for_that() {
            Plan plan = plan(desired(web(3)), web("a", 0, "old", HEALTHY), web("n", 0, "new", HEALTHY),
                    web("b", 1, "old", HEALTHY), web("c", 2, "old", HEALTHY));
            Plan next = plan(desired(web(3)),
                    web("n", 0, "new", HEALTHY), web("b", 1, "old", HEALTHY), web("c", 2, "old", HEALTHY));

            assertThat(plan.actions()).containsExactly(remove("a", 0, Reason.OUTDATED));
            assertThat(next.actions()).containsExactly(start(1));
        }

        @Test
        void the_only_healthy_replica_stays_until_its_replacement_is_healthy() {
            Plan plan = plan(desired(web(1)), web("a", 0, "old", HEALTHY), web("n", 0, "new", UNHEALTHY));
            Plan next = plan(desired(web(1)), web("a", 0, "old", HEALTHY));

            assertThat(plan.actions()).containsExactly(remove("n", 0, Reason.UNHEALTHY));
            assertThat(next.actions()).containsExactly(start(0));
        }

        @Test
        void an_outdated_replica_not_yet_probed_stays_until_its_replacement_is_healthy() {
            // After a restart of Moor every adopted replica reads STARTING until its first probe.
            Plan plan = plan(desired(web(2)), web("a", 0, "old", STARTING), web("b", 1, "old", STARTING));

            assertThat(plan.actions()).containsExactly(start(0));
        }

        @Test
        void an_unhealthy_outdated_replica_goes_at_once() {
            Plan plan = plan(desired(web(2)), web("a", 0, "old", UNHEALTHY), web("b", 1, "old", HEALTHY));

            assertThat(plan.actions()).contains(start(0), remove("a", 0, Reason.UNHEALTHY));
        }

        @Test
        void one_outdated_replica_per_slot_is_enough_to_keep_serving() {
            Plan plan = plan(desired(web(1)), web("a", 0, "older", HEALTHY), web("b", 0, "old", HEALTHY));

            assertThat(plan.actions()).containsExactly(remove("b", 0, Reason.OUTDATED));
        }

        @Test
        void lost_capacity_comes_before_replacing_outdated_replicas() {
            // 3 replicas + 1 surge: with two outdated and one stopping alive, one start fits.
            Plan plan = plan(desired(web(3)),
                    web("a", 0, "old", HEALTHY), web("b", 1, "old", HEALTHY), web("c", 2, "old", STOPPING));

            assertThat(plan.actions()).containsExactly(start(2));
        }
    }

    @Nested
    class Backoff {

        private Plan planWithHistory(int failures, Instant lastFailure, Instant now) {
            Observed observed = new Observed(List.of(web("a", 0, "new", HEALTHY)),
                    Map.of(new SlotKey("web", 1), new RestartHistory(failures, lastFailure)));
            return Reconciler.plan(desired(web(2)), observed, now);
        }

        @Test
        void the_first_failure_restarts_at_once() {
            assertThat(planWithHistory(1, NOW, NOW).actions()).containsExactly(start(1));
        }

        @Test
        void later_failures_wait_and_ask_for_a_recheck_when_the_wait_ends() {
            Instant lastFailure = NOW.minusMillis(500);

            Plan plan = planWithHistory(2, lastFailure, NOW);

            assertThat(plan.actions()).isEmpty();
            assertThat(plan.recheckAt()).contains(lastFailure.plusSeconds(1));
            assertThat(planWithHistory(2, lastFailure, lastFailure.plusSeconds(1)).actions()).containsExactly(start(1));
        }

        @Test
        void the_wait_doubles_up_to_thirty_seconds() {
            assertThat(RestartBackoff.delayAfter(1)).isEqualTo(Duration.ZERO);
            assertThat(RestartBackoff.delayAfter(2)).isEqualTo(Duration.ofSeconds(1));
            assertThat(RestartBackoff.delayAfter(3)).isEqualTo(Duration.ofSeconds(2));
            assertThat(RestartBackoff.delayAfter(6)).isEqualTo(Duration.ofSeconds(16));
            assertThat(RestartBackoff.delayAfter(7)).isEqualTo(Duration.ofSeconds(30));
            assertThat(RestartBackoff.delayAfter(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(30));

            assertThat(planWithHistory(40, NOW.minusSeconds(29), NOW).recheckAt()).contains(NOW.plusSeconds(1));
            assertThat(planWithHistory(40, NOW.minusSeconds(30), NOW).actions()).containsExactly(start(1));
        }

        @Test
        void a_filled_slot_with_a_history_needs_no_recheck() {
            Observed observed = new Observed(List.of(web("a", 0, "new", HEALTHY)),
                    Map.of(new SlotKey("web", 0), new RestartHistory(5, NOW)));

            assertThat(Reconciler.plan(desired(web(1)), observed, NOW)).isEqualTo(new Plan(List.of(), Optional.empty()));
        }

        @Test
        void the_recheck_is_the_earliest_end_of_a_wait() {
            Observed observed = new Observed(List.of(), Map.of(
                    new SlotKey("web", 0), new RestartHistory(5, NOW),
                    new SlotKey("web", 1), new RestartHistory(3, NOW),
                    new SlotKey("api", 0), new RestartHistory(2, NOW)));

            Plan plan = Reconciler.plan(desired(web(2), new DesiredService("api", 1, "v1", 1, 0)), observed, NOW);

            assertThat(plan.actions()).isEmpty();
            assertThat(plan.recheckAt()).contains(NOW.plusSeconds(1));
        }
    }

    @Test
    void actions_come_in_phases_each_ordered_by_service_then_slot() {
        Desired desired = desired(web(2), new DesiredService("api", 2, "v2", 1, 0));
        Plan plan = plan(desired,
                web("w1", 1, "new", UNHEALTHY),
                web("w0", 0, "new", HEALTHY),
                web("w0dup", 0, "new", STARTING),
                replica("a1", "api", 1, "v2", ContainerState.DEAD, STARTING),
                replica("a0", "api", 0, "v2", RUNNING, UNHEALTHY),
                replica("z", "zombie", 0, "v0", RUNNING, HEALTHY));

        assertThat(plan.actions()).containsExactly(
                new RemoveReplica("a1", "api", 1, Reason.FAILED),
                remove("w0dup", 0, Reason.DUPLICATE),
                new RemoveReplica("z", "zombie", 0, Reason.UNKNOWN_SERVICE),
                new StartReplica("api", 0),
                new StartReplica("api", 1),
                start(1),
                new RemoveReplica("a0", "api", 0, Reason.UNHEALTHY),
                remove("w1", 1, Reason.UNHEALTHY));
    }
}

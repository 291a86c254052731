package dev.moor.engine.reconciler;

import dev.moor.engine.reconciler.Action.RemoveReplica;
import dev.moor.engine.reconciler.Action.StartReplica;
import dev.moor.engine.runtime.ContainerState;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The reconciler's invariants over random desired and observed states. */
class ReconcilerProperties {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final List<String> SERVICES = List.of("api", "web", "worker");
    private static final List<String> HASHES = List.of("h1", "h2", "h3");
    private static final int MAX_ROUNDS = 20;

    record Scenario(Desired desired, Observed observed) {}

    @Property
    void applying_the_plan_in_order_never_pushes_a_service_past_replicas_plus_surge(@ForAll("scenarios") Scenario scenario) {
        assertSurgeCapHolds(scenario.desired(), scenario.observed(), plan(scenario));
    }

    @Property
    void a_service_with_a_healthy_replica_keeps_one(@ForAll("scenarios") Scenario scenario) {
        assertHealthyReplicaKept(scenario.desired(), scenario.observed(), plan(scenario));
    }

    @Property
    void a_plan_takes_healthy_replicas_out_of_their_slots_only_as_far_as_max_unavailable_allows(
            @ForAll("scenarios") Scenario scenario) {
        Set<String> removed = removedIds(plan(scenario));
        for (DesiredService service : scenario.desired().services().values()) {
            long before = availableSlots(service, scenario.observed().replicas(), Set.of());
            long after = availableSlots(service, scenario.observed().replicas(), removed);
            assertThat(after).as("slots of %s with a healthy replica after the removals", service.name())
                    .isGreaterThanOrEqualTo(Math.min(before, service.replicas() - service.maxUnavailable()));
        }
    }

    @Property
    void a_service_that_retains_its_previous_set_removes_no_healthy_outdated_replica_from_its_slots(
            @ForAll("retainingScenarios") Scenario scenario) {
        Plan plan = plan(scenario);
        Set<String> removed = removedIds(plan);

        assertSurgeCapHolds(scenario.desired(), scenario.observed(), plan);
        for (DesiredService service : scenario.desired().services().values()) {
            Map<Integer, List<ObservedReplica>> healthyOutdated = scenario.observed().replicas().stream()
                    .filter(r -> r.service().equals(service.name()) && !r.configHash().equals(service.configHash()))
                    .filter(r -> r.slot() >= 0 && r.slot() < service.replicas())
                    .filter(r -> r.state().isAlive() && r.health() == ReplicaHealth.HEALTHY)
                    .collect(Collectors.groupingBy(ObservedReplica::slot));
            healthyOutdated.forEach((slot, replicas) -> assertThat(replicas)
                    .as("healthy outdated replicas of %s in slot %d", service.name(), slot)
                    .anyMatch(replica -> !removed.contains(replica.containerId())));
        }
    }

    @Property
    void each_container_and_slot_is_acted_on_at_most_once(@ForAll("scenarios") Scenario scenario) {
        Plan plan = plan(scenario);

        List<String> removed = plan.actions().stream()
                .filter(RemoveReplica.class::isInstance).map(a -> ((RemoveReplica) a).containerId()).toList();
        List<SlotKey> started = starts(plan);
        assertThat(removed).doesNotHaveDuplicates();
        assertThat(started).doesNotHaveDuplicates();
        for (SlotKey slot : started) {
            DesiredService service = scenario.desired().services().get(slot.service());
            assertThat(service).isNotNull();
            assertThat(slot.slot()).isBetween(0, service.replicas() - 1);
        }
    }

    @Property
    void the_plan_depends_only_on_the_inputs_not_on_their_order(@ForAll("scenarios") Scenario scenario) {
        List<ObservedReplica> reversed = new ArrayList<>(scenario.observed().replicas());
        Collections.reverse(reversed);
        List<ObservedReplica> rotated = new ArrayList<>(scenario.observed().replicas());
        Collections.rotate(rotated, 3);

        Plan plan = plan(scenario);

        assertThat(Reconciler.plan(scenario.desired(), scenario.observed(), NOW)).isEqualTo(plan);
        assertThat(Reconciler.plan(scenario.desired(), new Observed(reversed, scenario.observed().restarts()), NOW))
                .isEqualTo(plan);
        assertThat(Reconciler.plan(scenario.desired(), new Observed(rotated, scenario.observed().restarts()), NOW))
                .isEqualTo(plan);
    }

    @Property
    void planning_again_after_applying_never_starts_a_slot_twice(@ForAll("scenarios") Scenario scenario) {
        Plan first = plan(scenario);
        Observed applied = apply(scenario.desired(), scenario.observed(), first, "again");

        Plan second = Reconciler.plan(scenario.desired(), applied, NOW);

        List<SlotKey> startedBefore = starts(first);
        assertThat(starts(second)).noneMatch(startedBefore::contains);
    }

    @Property
    void repeated_passes_converge_to_exactly_the_desired_replicas(@ForAll("scenarios") Scenario scenario) {
        Desired desired = scenario.desired();
        Observed observed = scenario.observed();
        Instant now = NOW;
        Plan plan = Reconciler.plan(desired, observed, now);
        // At least one round, so that what was stopping at the start is gone.
        for (int round = 0; round < MAX_ROUNDS; round++) {
            assertSurgeCapHolds(desired, observed, plan);
            assertHealthyReplicaKept(desired, observed, plan);
            observed = settle(apply(desired, observed, plan, "r" + round));
            // Past the longest back-off, so that every round may restart what it needs to.
            now = now.plusSeconds(31);
            plan = Reconciler.plan(desired, observed, now);
            if (plan.isEmpty()) break;
        }

        assertThat(plan.actions()).as("plan after %d rounds", MAX_ROUNDS).isEmpty();
        Map<String, List<ObservedReplica>> byService = observed.replicas().stream()
                .collect(Collectors.groupingBy(ObservedReplica::service));
        assertThat(byService.keySet()).isSubsetOf(desired.services().keySet());
        for (DesiredService service : desired.services().values()) {
            List<ObservedReplica> replicas = byService.getOrDefault(service.name(), List.of());
            assertThat(replicas).hasSize(service.replicas());
            assertThat(replicas).allSatisfy(replica -> {
                assertThat(replica.configHash()).isEqualTo(service.configHash());
                assertThat(replica.health()).isEqualTo(ReplicaHealth.HEALTHY);
                assertThat(replica.state().isAlive()).isTrue();
            });
            assertThat(replicas.stream().map(ObservedReplica::slot).collect(Collectors.toSet()))
                    .isEqualTo(IntStream.range(0, service.replicas()).boxed().collect(Collectors.toSet()));
        }
    }

    @Property
    void no_slot_starts_before_its_back_off_ends(@ForAll("scenarios") Scenario scenario) {
        Plan plan = plan(scenario);

        for (SlotKey slot : starts(plan)) {
            RestartHistory history = scenario.observed().restarts().get(slot);
            if (history == null || history.consecutiveFailures() <= 1) continue;
            assertThat(NOW).isAfterOrEqualTo(
                    history.lastFailure().plus(RestartBackoff.delayAfter(history.consecutiveFailures())));
        }
        plan.recheckAt().ifPresent(recheckAt -> assertThat(recheckAt).isAfter(NOW));
    }

    // ---- generators ----

    @Provide
    Arbitrary<Scenario> scenarios() {
        return Combinators.combine(desiredStates(), containers(), restartHistories())
                .as((desired, replicas, restarts) -> new Scenario(desired, new Observed(replicas, restarts)));
    }

    @Provide
    Arbitrary<Scenario> retainingScenarios() {
        Arbitrary<Desired> retaining = desiredStates().map(desired -> {
            Map<String, DesiredService> services = new TreeMap<>();
            desired.services().forEach((name, service) -> services.put(name, new DesiredService(name,
                    service.replicas(), service.configHash(), Math.max(1, service.replicas()), 0, true)));
            return new Desired(desired.app(), desired.revision(), services);
        });
        return Combinators.combine(retaining, containers(), restartHistories())
                .as((desired, replicas, restarts) -> new Scenario(desired, new Observed(replicas, restarts)));
    }

    private static Arbitrary<Desired> desiredStates() {
        return Combinators.combine(desiredService("api").optional(), desiredService("web").optional(),
                        desiredService("worker").optional())
                .as((api, web, worker) -> {
                    Map<String, DesiredService> services = new TreeMap<>();
                    for (Optional<DesiredService> service : List.of(api, web, worker)) {
                        service.ifPresent(s -> services.put(s.name(), s));
                    }
                    return new Desired("app", 1, services);
                });
    }

    private static Arbitrary<DesiredService> desiredService(String name) {
        return Combinators.combine(Arbitraries.integers().between(0, 4), Arbitraries.of(HASHES),
                        Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 2))
                .filter((replicas, hash, surge, unavailable) -> surge + unavailable > 0)
                .as((replicas, hash, surge, unavailable) -> new DesiredService(name, replicas, hash, surge, unavailable));
    }

    private static Arbitrary<List<ObservedReplica>> containers() {
        Arbitrary<String> services = Arbitraries.of("api", "web", "worker", "gone");
        Arbitrary<ContainerState> states = Arbitraries.frequency(
                Tuple.of(12, ContainerState.RUNNING), Tuple.of(1, ContainerState.RESTARTING),
                Tuple.of(1, ContainerState.PAUSED), Tuple.of(2, ContainerState.EXITED),
                Tuple.of(1, ContainerState.DEAD), Tuple.of(1, ContainerState.CREATED),
                Tuple.of(1, ContainerState.REMOVING));
        Arbitrary<ReplicaHealth> healths = Arbitraries.frequency(
                Tuple.of(5, ReplicaHealth.HEALTHY), Tuple.of(3, ReplicaHealth.STARTING),
                Tuple.of(1, ReplicaHealth.UNHEALTHY), Tuple.of(1, ReplicaHealth.STOPPING));
        Arbitrary<ObservedReplica> replica = Combinators.combine(
                        Arbitraries.strings().withChars("abcdef0123456789").ofLength(6), services,
                        Arbitraries.integers().between(-1, 5), Arbitraries.of(HASHES), states, healths)
                .as(ObservedReplica::new);
        return replica.list().ofMaxSize(14).uniqueElements(ObservedReplica::containerId);
    }

    private static Arbitrary<Map<SlotKey, RestartHistory>> restartHistories() {
        Arbitrary<SlotKey> slots = Combinators.combine(Arbitraries.of(SERVICES), Arbitraries.integers().between(0, 4))
                .as(SlotKey::new);
        Arbitrary<RestartHistory> histories = Combinators.combine(Arbitraries.integers().between(0, 8),
                        Arbitraries.longs().between(0, 40_000))
                .as((failures, millisAgo) -> new RestartHistory(failures, NOW.minusMillis(millisAgo)));
        return Arbitraries.maps(slots, histories).ofMaxSize(6);
    }

    // ---- simulation ----

    private static Plan plan(Scenario scenario) {
        return Reconciler.plan(scenario.desired(), scenario.observed(), NOW);
    }

    private static List<SlotKey> starts(Plan plan) {
        return plan.actions().stream()
                .filter(StartReplica.class::isInstance)
                .map(a -> new SlotKey(((StartReplica) a).service(), ((StartReplica) a).slot()))
                .toList();
    }

    private static Set<String> removedIds(Plan plan) {
        return plan.actions().stream()
                .filter(RemoveReplica.class::isInstance)
                .map(a -> ((RemoveReplica) a).containerId())
                .collect(Collectors.toSet());
    }

    /** Removed containers vanish; started ones appear running and starting with the desired config. */
    private static Observed apply(Desired desired, Observed observed, Plan plan, String round) {
        Set<String> removed = removedIds(plan);
        List<ObservedReplica> next = new ArrayList<>(observed.replicas().stream()
                .filter(replica -> !removed.contains(replica.containerId()))
                .toList());
        for (SlotKey slot : starts(plan)) {
            next.add(new ObservedReplica("new-" + round + "-" + slot.service() + "-" + slot.slot(), slot.service(),
                    slot.slot(), desired.services().get(slot.service()).configHash(), ContainerState.RUNNING,
                    ReplicaHealth.STARTING));
        }
        return new Observed(next, observed.restarts());
    }

    /** Time passes: starting replicas pass their probes, and what was being removed is gone. */
    private static Observed settle(Observed observed) {
        List<ObservedReplica> next = new ArrayList<>();
        for (ObservedReplica replica : observed.replicas()) {
            if (replica.health() == ReplicaHealth.STOPPING || replica.state() == ContainerState.REMOVING) continue;
            boolean becomesHealthy = replica.state().isAlive() && replica.health() == ReplicaHealth.STARTING;
            next.add(becomesHealthy
                    ? new ObservedReplica(replica.containerId(), replica.service(), replica.slot(),
                            replica.configHash(), replica.state(), ReplicaHealth.HEALTHY)
                    : replica);
        }
        return new Observed(next, observed.restarts());
    }

    /** The service's surge cap: at least one while the plan keeps at most one healthy replica of it. */
    private static int surge(DesiredService service, Observed observed, Plan plan) {
        Set<String> removed = removedIds(plan);
        long healthyKept = observed.replicas().stream()
                .filter(r -> r.service().equals(service.name()) && r.state().isAlive()
                        && r.health() == ReplicaHealth.HEALTHY && !removed.contains(r.containerId()))
                .count();
        return healthyKept <= 1 ? Math.max(1, service.maxSurge()) : service.maxSurge();
    }

    /** Slots {@code 0..replicas-1} of the service holding a healthy, alive replica that is not removed. */
    private static long availableSlots(DesiredService service, List<ObservedReplica> replicas, Set<String> removed) {
        return replicas.stream()
                .filter(r -> r.service().equals(service.name()) && r.slot() >= 0 && r.slot() < service.replicas())
                .filter(r -> r.state().isAlive() && r.health() == ReplicaHealth.HEALTHY)
                .filter(r -> !removed.contains(r.containerId()))
                .map(ObservedReplica::slot).distinct().count();
    }

    /** Applies the plan action by action: no start may find the service at its cap. */
    private static void assertSurgeCapHolds(Desired desired, Observed observed, Plan plan) {
        Map<String, Set<String>> alive = new TreeMap<>();
        for (ObservedReplica replica : observed.replicas()) {
            if (replica.state().isAlive() && replica.health() != ReplicaHealth.STOPPING) {
                alive.computeIfAbsent(replica.service(), name -> new HashSet<>()).add(replica.containerId());
            }
        }
        Map<String, Integer> started = new TreeMap<>();
        for (Action action : plan.actions()) {
            switch (action) {
                case RemoveReplica remove -> alive.getOrDefault(remove.service(), new HashSet<>())
                        .remove(remove.containerId());
                case StartReplica start -> {
                    DesiredService service = desired.services().get(start.service());
                    int aliveAfter = alive.getOrDefault(start.service(), Set.of()).size()
                            + started.merge(start.service(), 1, Integer::sum);
                    assertThat(aliveAfter).as("alive replicas of %s at %s of %s", start.service(), start,
                                    plan.actions())
                            .isLessThanOrEqualTo(service.replicas() + surge(service, observed, plan));
                }
            }
        }
    }

    private static void assertHealthyReplicaKept(Desired desired, Observed observed, Plan plan) {
        Set<String> removed = removedIds(plan);
        for (DesiredService service : desired.services().values()) {
            if (service.replicas() == 0) continue;
            List<ObservedReplica> healthy = observed.replicas().stream()
                    .filter(r -> r.service().equals(service.name()) && r.state().isAlive())
                    .filter(r -> r.health() == ReplicaHealth.HEALTHY)
                    .toList();
            if (healthy.isEmpty()) continue;
            Set<String> kept = new HashSet<>();
            healthy.stream().map(ObservedReplica::containerId).filter(id -> !removed.contains(id)).forEach(kept::add);
            assertThat(kept).as("healthy replicas of %s kept by %s", service.name(), plan.actions()).isNotEmpty();
        }
    }
}

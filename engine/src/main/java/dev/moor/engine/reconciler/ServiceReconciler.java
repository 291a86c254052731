package dev.moor.engine.reconciler;

import dev.moor.engine.reconciler.Action.Reason;
import dev.moor.engine.reconciler.Action.RemoveReplica;
import dev.moor.engine.reconciler.Action.StartReplica;
import dev.moor.engine.runtime.ContainerState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The plan of one desired service: the rules of {@link Reconciler} applied to that service's containers. */
final class ServiceReconciler {

    /** What one service needs, split by the phase of the plan each action belongs to. */
    record Result(List<RemoveReplica> earlyRemovals, List<StartReplica> starts, List<RemoveReplica> lateRemovals,
                  Optional<Instant> recheckAt) {}

    /** What holds a slot once this plan's removals are done. */
    private enum SlotOccupancy { CURRENT, OUTDATED_ONLY, EMPTY }

    /** The container to keep among several: a healthy one before a starting one, then the smallest id. */
    private static final Comparator<ObservedReplica> BEST_FIRST =
            Comparator.comparing((ObservedReplica r) -> r.health() != ReplicaHealth.HEALTHY)
                    .thenComparing(ObservedReplica::containerId);

    private static final Comparator<ObservedReplica> BY_SLOT_THEN_ID =
            Comparator.comparingInt(ObservedReplica::slot).thenComparing(ObservedReplica::containerId);

    private final String service;
    private final DesiredService desired;
    private final Map<SlotKey, RestartHistory> restarts;
    private final Instant now;

    private final List<RemoveReplica> earlyRemovals = new ArrayList<>();
    private final List<StartReplica> starts = new ArrayList<>();
    private final List<RemoveReplica> lateRemovals = new ArrayList<>();
    /** The outdated replica each slot keeps, by slot. */
    private final Map<Integer, ObservedReplica> keptOutdated = new HashMap<>();
    private Instant recheckAt;
    /** Alive containers that stay after this plan, those already stopping included. */
    private int aliveKept;
    /** Healthy containers that stay after this plan; counted before the surplus is settled. */
    private int healthyKept;
    /** Whether the service had at most one healthy replica before this plan took any out for replacement. */
    private boolean loneHealthy;

    private ServiceReconciler(String service, DesiredService desired, Map<SlotKey, RestartHistory> restarts,
                              Instant now) {
        this.service = service;
        this.desired = desired;
        this.restarts = restarts;
        this.now = now;
    }

    static Result plan(String service, DesiredService desired, List<ObservedReplica> containers,
                       Map<SlotKey, RestartHistory> restarts, Instant now) {
        return new ServiceReconciler(service, desired, restarts, now).plan(containers);
    }

    private Result plan(List<ObservedReplica> containers) {
        Map<Integer, List<ObservedReplica>> candidatesBySlot = new TreeMap<>();
        List<ObservedReplica> surplus = new ArrayList<>();
        for (ObservedReplica container : containers.stream().sorted(BY_SLOT_THEN_ID).toList()) {
            if (container.health() == ReplicaHealth.STOPPING) {
                if (container.state().isAlive()) aliveKept++;
            } else if (isFailed(container.state())) {
                earlyRemovals.add(remove(container, Reason.FAILED));
            } else if (!container.state().isAlive()) {
                // REMOVING: the engine is deleting it already.
                continue;
            } else if (container.health() == ReplicaHealth.UNHEALTHY) {
                lateRemovals.add(remove(container, Reason.UNHEALTHY));
            } else if (container.slot() >= 0 && container.slot() < desired.replicas()) {
                candidatesBySlot.computeIfAbsent(container.slot(), slot -> new ArrayList<>()).add(container);
            } else {
                surplus.add(container);
            }
        }

        List<Integer> emptySlots = new ArrayList<>();
        List<Integer> outdatedSlots = new ArrayList<>();
        int unavailable = 0;
        for (int slot = 0; slot < desired.replicas(); slot++) {
            List<ObservedReplica> candidates = candidatesBySlot.getOrDefault(slot, List.of());
            switch (settleSlot(candidates)) {
                case EMPTY -> emptySlots.add(slot);
                case OUTDATED_ONLY -> outdatedSlots.add(slot);
                case CURRENT -> { }
            }
            if (candidates.stream().noneMatch(c -> c.health() == ReplicaHealth.HEALTHY)) {
                unavailable++;
            }
        }
        settleSurplus(surplus);
        loneHealthy = healthyKept <= 1;
        List<Integer> freedSlots = takeOutForReplacement(outdatedSlots, desired.maxUnavailable() - unavailable);
        outdatedSlots.removeAll(freedSlots);
        // Lost capacity first, then the rolling replacement of outdated replicas, both within the surge cap.
        emptySlots.forEach(this::startIfAllowed);
        freedSlots.forEach(this::startIfAllowed);
        outdatedSlots.forEach(this::startIfAllowed);
        return new Result(earlyRemovals, starts, lateRemovals, Optional.ofNullable(recheckAt));
    }

    /**
     * Takes healthy outdated replicas out before their replacement is healthy, in slot order, while {@code budget}
     * (the unavailability the service allows beyond the slots already without a healthy replica) lasts and another
     * healthy replica stays: they go first in the plan. A replica taken out counts as alive until it is gone, so
     * with {@code maxSurge} 0 its replacement starts on a later pass, in place.
     *
     * @return the slots taken out, now empty
     */
    private List<Integer> takeOutForReplacement(List<Integer> outdatedSlots, int budget) {
        List<Integer> freed = new ArrayList<>();
        for (int slot : outdatedSlots) {
            if (budget <= 0 || healthyKept <= 1) {
                break;
            }
            ObservedReplica old = keptOutdated.get(slot);
            if (old.health() != ReplicaHealth.HEALTHY) {
                continue;
            }
            earlyRemovals.add(remove(old, Reason.MAKING_ROOM));
            // It still runs while it drains and stops: its replacement fits only within the surge until it is gone.
            healthyKept--;
            budget--;
            freed.add(slot);
        }
        return freed;
    }

    /** Keeps at most one current and one outdated container in a slot and removes the others. */
    private SlotOccupancy settleSlot(List<ObservedReplica> candidates) {
        List<ObservedReplica> current = candidates.stream()
                .filter(c -> c.configHash().equals(desired.configHash())).sorted(BEST_FIRST).toList();
        List<ObservedReplica> outdated = candidates.stream()
                .filter(c -> !c.configHash().equals(desired.configHash())).sorted(BEST_FIRST).toList();

        if (!current.isEmpty()) {
            keep(current.getFirst());
            current.stream().skip(1).forEach(duplicate -> earlyRemovals.add(remove(duplicate, Reason.DUPLICATE)));
        }
        boolean servedByCurrent = !current.isEmpty() && current.getFirst().health() == ReplicaHealth.HEALTHY;
        boolean outdatedKept = false;
        for (ObservedReplica old : outdated) {
            // An outdated replica serves until the slot's replacement is healthy; one is enough for that. A
            // starting one stays too: after Moor restarts, adopted replicas read STARTING until their first probe,
            // and removing them then would take the whole service down at once. A retained one stays regardless.
            if ((!servedByCurrent || desired.retainOutdated()) && !outdatedKept) {
                keep(old);
                keptOutdated.put(old.slot(), old);
                outdatedKept = true;
            } else {
                lateRemovals.add(remove(old, Reason.OUTDATED));
            }
        }
        if (!current.isEmpty()) return SlotOccupancy.CURRENT;
        return outdatedKept ? SlotOccupancy.OUTDATED_ONLY : SlotOccupancy.EMPTY;
    }

    /**
     * Removes every container beyond the replica count, except that the service's last healthy replica stays
     * until another one is healthy.
     */
    private void settleSurplus(List<ObservedReplica> surplus) {
        ObservedReplica lastHealthy = null;
        if (desired.replicas() > 0 && healthyKept == 0) {
            lastHealthy = surplus.stream()
                    .filter(c -> c.health() == ReplicaHealth.HEALTHY)
                    .min(Comparator.comparing((ObservedReplica c) -> !c.configHash().equals(desired.configHash()))
                            .thenComparing(BY_SLOT_THEN_ID))
                    .orElse(null);
        }
        for (ObservedReplica container : surplus) {
            if (container == lastHealthy) {
                keep(container);
            } else {
                lateRemovals.add(remove(container, Reason.SURPLUS));
            }
        }
    }

    private void startIfAllowed(int slot) {
        RestartHistory history = restarts.get(new SlotKey(service, slot));
        if (history != null) {
            Optional<Instant> allowedAt = RestartBackoff.restartAllowedAt(history);
            if (allowedAt.isPresent() && now.isBefore(allowedAt.get())) {
                if (recheckAt == null || allowedAt.get().isBefore(recheckAt)) recheckAt = allowedAt.get();
                return;
            }
        }
        // The late removals run after the starts: until then their containers are alive and count.
        int aliveWhileStarting = aliveKept + lateRemovals.size() + starts.size();
        if (aliveWhileStarting >= desired.replicas() + surge()) return;
        starts.add(new StartReplica(service, slot));
    }

    /**
     * How many replicas above the declared count may run: {@code maxSurge}, and at least one while the service keeps
     * at most one healthy replica. That one is never taken out before another is healthy, so with {@code maxSurge}
     * 0 nothing could replace it.
     */
    private int surge() {
        return loneHealthy ? Math.max(1, desired.maxSurge()) : desired.maxSurge();
    }

    private void keep(ObservedReplica container) {
        aliveKept++;
        if (container.health() == ReplicaHealth.HEALTHY) healthyKept++;
    }

    private RemoveReplica remove(ObservedReplica container, Reason reason) {
        return new RemoveReplica(container.containerId(), service, container.slot(), reason);
    }

    /** Exited, dead, or created and never started: the replica is lost. */
    private static boolean isFailed(ContainerState state) {
        return state == ContainerState.EXITED || state == ContainerState.DEAD || state == ContainerState.CREATED;
    }
}

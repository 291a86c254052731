package dev.moor.engine.reconciler;

import dev.moor.engine.reconciler.Action.Reason;
import dev.moor.engine.reconciler.Action.RemoveReplica;
import dev.moor.engine.reconciler.Action.StartReplica;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Decides what to do to make what runs match what is desired: a pure, deterministic function of its inputs,
 * level-triggered (it looks at the whole state each time, never at what changed), so that running it again
 * after a crash or on stale input is safe.
 *
 * <p>The rules, per service:
 * <ul>
 *   <li>containers of services that are not desired are removed;</li>
 *   <li>exited, dead and never-started containers are removed and their slot refilled;</li>
 *   <li>unhealthy containers are removed and their slot refilled;</li>
 *   <li>containers that Moor is stopping already are left alone, but count toward the surge cap while alive;</li>
 *   <li>each slot {@code 0..replicas-1} holds one container with the desired config: duplicates are removed,
 *       outdated containers are replaced by starting the new one first and removing the old one once the new
 *       one is healthy, except that up to {@code maxUnavailable} slots may lack a healthy replica: that many
 *       healthy outdated ones are removed first, in slot order, and their slots refilled;</li>
 *   <li>containers in slots beyond the replica count are removed;</li>
 *   <li>the service's last healthy replica is never removed before another one is healthy;</li>
 *   <li>alive containers plus starts never exceed {@code replicas + maxSurge} at any step of the plan applied in
 *       order: a container removed after the starts still counts for them (with {@code maxSurge} 0, one more
 *       while the service keeps at most one healthy replica, which nothing else could replace);</li>
 *   <li>a slot whose replicas keep failing waits an exponential back-off before its next start.</li>
 * </ul>
 * The plan lists removals of failed, unknown and duplicate containers first, then starts, then the removals
 * that wait for a replacement (unhealthy, outdated, surplus), each ordered by service, slot and container id.
 */
public final class Reconciler {

    private static final Comparator<RemoveReplica> REMOVAL_ORDER = Comparator.comparing(RemoveReplica::service)
            .thenComparingInt(RemoveReplica::slot)
            .thenComparing(RemoveReplica::containerId);

    private static final Comparator<StartReplica> START_ORDER = Comparator.comparing(StartReplica::service)
            .thenComparingInt(StartReplica::slot);

    private Reconciler() {}

    public static Plan plan(Desired desired, Observed observed, Instant now) {
        Map<String, List<ObservedReplica>> containersByService = new TreeMap<>();
        desired.services().keySet().forEach(name -> containersByService.put(name, new ArrayList<>()));
        for (ObservedReplica container : observed.replicas()) {
            containersByService.computeIfAbsent(container.service(), name -> new ArrayList<>()).add(container);
        }

        List<RemoveReplica> earlyRemovals = new ArrayList<>();
        List<StartReplica> starts = new ArrayList<>();
        List<RemoveReplica> lateRemovals = new ArrayList<>();
        Optional<Instant> recheckAt = Optional.empty();
        for (var entry : containersByService.entrySet()) {
            DesiredService service = desired.services().get(entry.getKey());
            if (service == null) {
                for (ObservedReplica container : entry.getValue()) {
                    // A container Moor is stopping already needs no second removal.
                    if (container.health() == ReplicaHealth.STOPPING) continue;
                    earlyRemovals.add(new RemoveReplica(container.containerId(), container.service(),
                            container.slot(), Reason.UNKNOWN_SERVICE));
                }
                continue;
            }
            ServiceReconciler.Result result = ServiceReconciler.plan(entry.getKey(), service, entry.getValue(),
                    observed.restarts(), now);
            earlyRemovals.addAll(result.earlyRemovals());
            starts.addAll(result.starts());
            lateRemovals.addAll(result.lateRemovals());
            recheckAt = earliest(recheckAt, result.recheckAt());
        }

        List<Action> actions = new ArrayList<>();
        earlyRemovals.stream().sorted(REMOVAL_ORDER).forEach(actions::add);
        starts.stream().sorted(START_ORDER).forEach(actions::add);
        lateRemovals.stream().sorted(REMOVAL_ORDER).forEach(actions::add);
        return new Plan(actions, recheckAt);
    }

    private static Optional<Instant> earliest(Optional<Instant> a, Optional<Instant> b) {
        if (a.isEmpty()) return b;
        if (b.isEmpty()) return a;
        return a.get().isBefore(b.get()) ? a : b;
    }
}

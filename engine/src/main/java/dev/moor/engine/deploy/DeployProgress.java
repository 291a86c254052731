package dev.moor.engine.deploy;

import dev.moor.engine.reconciler.Desired;
import dev.moor.engine.reconciler.DesiredService;
import dev.moor.engine.reconciler.ObservedReplica;
import dev.moor.engine.reconciler.ReplicaHealth;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How far an app is from running its desired revision: per service, the replicas of the desired config that are
 * healthy in their slots, and the replicas of other configs still alive. A pure function of what the reconciler
 * sees, so a deploy's verdict is tested without Docker.
 *
 * @param services per service, in name order
 */
public record DeployProgress(List<ServiceProgress> services) {
    /**
     * @param service  the service
     * @param desired  replicas it should have
     * @param healthy  healthy replicas of the desired config, one per slot counted
     * @param outdated alive replicas of another config that Moor has not started stopping
     * @param retained whether the outdated ones stay by design (a blue-green move keeps the previous set)
     */
    public record ServiceProgress(String service, int desired, int healthy, int outdated, boolean retained) {
        boolean complete() {
            return healthy == desired && (outdated == 0 || retained);
        }
    }

    public DeployProgress {
        services = List.copyOf(services);
    }

    public static DeployProgress of(Desired desired, List<ObservedReplica> observed) {
        List<ServiceProgress> services = new ArrayList<>();
        for (Map.Entry<String, DesiredService> entry : new java.util.TreeMap<>(desired.services()).entrySet()) {
            DesiredService service = entry.getValue();
            long healthy = observed.stream()
                    .filter(r -> r.service().equals(service.name()) && r.configHash().equals(service.configHash()))
                    .filter(r -> r.health() == ReplicaHealth.HEALTHY && r.state().isAlive())
                    .filter(r -> r.slot() >= 0 && r.slot() < service.replicas())
                    .mapToInt(ObservedReplica::slot).distinct().count();
            int outdated = (int) observed.stream()
                    .filter(r -> r.service().equals(service.name()) && !r.configHash().equals(service.configHash()))
                    .filter(r -> r.state().isAlive() && r.health() != ReplicaHealth.STOPPING)
                    .count();
            services.add(new ServiceProgress(service.name(), service.replicas(), (int) healthy, outdated,
                    service.retainOutdated()));
        }
        return new DeployProgress(services);
    }

    /**
     * Every service runs the desired revision at its declared count, all healthy, nothing older left (but for the
     * previous set a blue-green service keeps).
     */
    public boolean complete() {
        return services.stream().allMatch(ServiceProgress::complete);
    }

    /** Every service has a healthy replica of the desired config in each slot (older ones may still run). */
    public boolean healthy() {
        return services.stream().allMatch(service -> service.healthy() == service.desired());
    }

    /** {@code web 2/3 healthy, 1 old; api 1/1 healthy}. */
    public String render() {
        List<String> parts = new ArrayList<>();
        for (ServiceProgress service : services) {
            parts.add(service.service() + " " + service.healthy() + "/" + service.desired() + " healthy"
                    + (service.outdated() == 0 ? "" : ", " + service.outdated() + " old"
                    + (service.retained() ? " kept" : "")));
        }
        return parts.isEmpty() ? "no services" : String.join("; ", parts);
    }
}

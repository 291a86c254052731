package dev.moor.engine.controller;

import dev.moor.engine.reconciler.ReplicaHealth;
import dev.moor.engine.replica.Labels;
import dev.moor.engine.replica.ReplicaTemplate;
import dev.moor.engine.revision.Revision;
import dev.moor.engine.runtime.ContainerInfo;
import dev.moor.spec.AppSpec;
import dev.moor.spec.ServiceSpec;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What an app looks like now: per service, desired and actual counts, and every replica.
 *
 * @param app      the app
 * @param revision the revision Moor keeps
 * @param services the services, in spec order
 * @param replicas every container of the app
 */
public record AppStatus(String app, long revision, List<ServiceStatus> services, List<ReplicaStatus> replicas) {

    /**
     * @param name      the service
     * @param desired   replicas it should have
     * @param running   alive replicas
     * @param healthy   healthy replicas
     * @param image     the image it runs
     * @param endpoints host addresses of its healthy replicas' published port
     */
    public record ServiceStatus(String name, int desired, int running, int healthy, String image, List<String> endpoints) {}

    /**
     * @param service     the service
     * @param slot        the replica slot
     * @param containerId the short container id
     * @param name        the container name
     * @param state       the engine's state
     * @param health      Moor's health verdict
     * @param endpoint    the host address of its published port, or empty
     * @param revision    the revision that created it
     * @param current     whether it has the desired config
     * @param startedAt   when it last started, or null
     */
    public record ReplicaStatus(String service, int slot, String containerId, String name, String state,
                                ReplicaHealth health, String endpoint, long revision, boolean current, Instant startedAt) {}

    static AppStatus of(AppSpec spec, Revision revision, List<ContainerInfo> containers,
                        Map<String, ReplicaTemplate> templates, Function<String, ReplicaHealth> health) {
        List<ReplicaStatus> replicas = new ArrayList<>();
        for (ContainerInfo container : containers) {
            String service = container.labels().getOrDefault(Labels.SERVICE, "");
            ReplicaTemplate template = templates.get(service);
            replicas.add(new ReplicaStatus(service, parseInt(container.labels().get(Labels.REPLICA)), container.shortId(),
                    container.name(), container.state().name().toLowerCase(java.util.Locale.ROOT),
                    container.state().isAlive() ? health.apply(container.id()) : ReplicaHealth.STOPPING,
                    container.publishedPort().map(a -> a.getHostString() + ":" + a.getPort()).orElse(""),
                    parseInt(container.labels().get(Labels.REVISION)),
                    template != null && template.configHash().equals(container.labels().get(Labels.CONFIG)),
                    container.startedAt().orElse(null)));
        }
        replicas.sort(Comparator.comparing(ReplicaStatus::service).thenComparingInt(ReplicaStatus::slot)
                .thenComparing(ReplicaStatus::containerId));
        List<ServiceStatus> services = new ArrayList<>();
        for (ServiceSpec service : spec.services().values()) {
            List<ReplicaStatus> mine = replicas.stream().filter(r -> r.service().equals(service.name())).toList();
            int running = (int) mine.stream().filter(r -> r.state().equals("running")).count();
            List<ReplicaStatus> healthy = mine.stream().filter(r -> r.health() == ReplicaHealth.HEALTHY).toList();
            ReplicaTemplate template = templates.get(service.name());
            services.add(new ServiceStatus(service.name(), service.replicas(), running, healthy.size(),
                    template == null ? "" : template.base().image(),
                    healthy.stream().map(ReplicaStatus::endpoint).filter(e -> !e.isEmpty()).toList()));
        }
        return new AppStatus(spec.name(), revision.number(), services, replicas);
    }

    private static int parseInt(String value) {
        try {
            return value == null ? -1 : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}

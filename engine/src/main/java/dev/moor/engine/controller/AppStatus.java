package dev.moor.engine.controller;

import dev.moor.engine.reconciler.ReplicaHealth;
import dev.moor.engine.replica.Labels;
import dev.moor.engine.replica.ReplicaTemplate;
import dev.moor.engine.revision.Revision;
import dev.moor.engine.runtime.ContainerInfo;
import dev.moor.spec.AppSpec;
import dev.moor.spec.DeploySpec;
import dev.moor.spec.ExternalServiceSpec;
import dev.moor.spec.ServiceSpec;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What an app looks like now: per service, desired and actual counts, and every replica.
 *
 * @param app       the app
 * @param revision  the revision Moor keeps
 * @param services  the services, in spec order, external ones last
 * @param replicas  every container of the app
 * @param externals every server of the external services
 * @param canaries  per service that runs a canary now, the share of its requests the new set gets (0 to 100): its
 *                  replicas of the desired config serve as the canary, the others as the stable set
 */
public record AppStatus(String app, long revision, List<ServiceStatus> services, List<ReplicaStatus> replicas,
                        List<ExternalStatus> externals, Map<String, Integer> canaries) {

    public AppStatus {
        canaries = Map.copyOf(canaries);
    }

    /** An app without a canary. */
    public AppStatus(String app, long revision, List<ServiceStatus> services, List<ReplicaStatus> replicas,
                     List<ExternalStatus> externals) {
        this(app, revision, services, replicas, externals, Map.of());
    }

    /**
     * A server of an external service.
     *
     * @param service  the external service
     * @param endpoint the server as declared ({@code host:port})
     * @param address  its resolved {@code ip:port}, or empty when its name does not resolve
     * @param health   Moor's health verdict
     */
    public record ExternalStatus(String service, String endpoint, String address, ReplicaHealth health) {}

    /** An address the edge may send a service's requests to. */
    public record EndpointStatus(String id, InetSocketAddress address) {}

    /** The healthy replicas or external servers of a service, as the edge should see them. */
    public List<EndpointStatus> healthyEndpoints(String service) {
        return healthyEndpoints(service, replica -> true);
    }

    /**
     * The healthy replicas of a service that runs a canary, of one side: the new set ({@code current}) or the
     * stable one.
     */
    public List<EndpointStatus> healthyEndpoints(String service, boolean current) {
        return healthyEndpoints(service, replica -> replica.current() == current);
    }

    private List<EndpointStatus> healthyEndpoints(String service, Predicate<ReplicaStatus> side) {
        List<EndpointStatus> endpoints = new ArrayList<>();
        for (ReplicaStatus replica : replicas) {
            if (replica.service().equals(service) && replica.health() == ReplicaHealth.HEALTHY && replica.served()
                    && side.test(replica) && !replica.endpoint().isEmpty()) {
                endpoints.add(new EndpointStatus(replica.name(), parse(replica.endpoint())));
            }
        }
        for (ExternalStatus external : externals) {
            if (external.service().equals(service) && external.health() == ReplicaHealth.HEALTHY && !external.address().isEmpty()) {
                endpoints.add(new EndpointStatus(external.endpoint(), parse(external.address())));
            }
        }
        return endpoints;
    }

    /**
     * Whether a blue-green service is served by its new set: once every slot has a healthy replica of the desired
     * config, or when no healthy replica of the previous set is left to serve.
     */
    static boolean servesNewSet(ServiceSpec service, List<ReplicaStatus> replicas) {
        List<ReplicaStatus> mine = replicas.stream()
                .filter(r -> r.service().equals(service.name()) && r.health() == ReplicaHealth.HEALTHY).toList();
        long newSlots = mine.stream().filter(r -> r.current() && r.slot() >= 0 && r.slot() < service.replicas())
                .mapToInt(ReplicaStatus::slot).distinct().count();
        return newSlots == service.replicas() || mine.stream().noneMatch(r -> !r.current());
    }

    private static InetSocketAddress parse(String ipAndPort) {
        int colon = ipAndPort.lastIndexOf(':');
        String host = ipAndPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new InetSocketAddress(host, Integer.parseInt(ipAndPort.substring(colon + 1)));
    }

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
     * @param served      whether the edge may send it requests once healthy: always for a rolling service; for a
     *                    blue-green one, during a deploy the previous set until every new replica is healthy, then
     *                    (and outside deploys) the set of the desired config; for a canary one, both sets while its
     *                    canary runs (each in a cluster of its own), else the set of the desired config
     */
    public record ReplicaStatus(String service, int slot, String containerId, String name, String state,
                                ReplicaHealth health, String endpoint, long revision, boolean current, Instant startedAt,
                                boolean served) {

        ReplicaStatus servedIf(boolean served) {
            return new ReplicaStatus(service, slot, containerId, name, state, health, endpoint, revision, current,
                    startedAt, served);
        }
    }

    /**
     * @param deploying whether a deploy to {@code revision} is in progress: only then does a blue-green service serve
     *                  its previous set, until every new replica is healthy
     * @param canaries  the share of the new set of each service that runs a canary now
     */
    static AppStatus of(AppSpec spec, Revision revision, List<ContainerInfo> containers,
                        Map<String, ReplicaTemplate> templates, Function<String, ReplicaHealth> health,
                        List<ExternalStatus> externals, boolean deploying, Map<String, Integer> canaries) {
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
                    container.startedAt().orElse(null), true));
        }
        Map<String, Boolean> newSetServed = new HashMap<>();
        for (ServiceSpec service : spec.services().values()) {
            if (canaries.containsKey(service.name())) {
                // Both sets serve, each in a cluster of its own, weighted by the canary's step.
                continue;
            }
            if (service.deploy().strategy() == DeploySpec.Strategy.BLUE_GREEN) {
                newSetServed.put(service.name(), !deploying || servesNewSet(service, replicas));
            } else if (service.deploy().strategy() == DeploySpec.Strategy.CANARY) {
                // Outside its canary the set of the other config is one that failed, or one that has had no traffic
                // since its last step: it never serves again.
                newSetServed.put(service.name(), true);
            }
        }
        replicas.replaceAll(replica -> newSetServed.containsKey(replica.service())
                ? replica.servedIf(replica.current() == newSetServed.get(replica.service())) : replica);
        replicas.sort(Comparator.comparing(ReplicaStatus::service).thenComparingInt(ReplicaStatus::slot)
                .thenComparing(ReplicaStatus::containerId));
        List<ServiceStatus> services = new ArrayList<>();
        for (ServiceSpec service : spec.services().values()) {
            List<ReplicaStatus> mine = replicas.stream().filter(r -> r.service().equals(service.name())).toList();
            int running = (int) mine.stream().filter(r -> r.state().equals("running")).count();
            List<ReplicaStatus> healthy = mine.stream().filter(r -> r.health() == ReplicaHealth.HEALTHY).toList();
            ReplicaTemplate template = templates.get(service.name());
            services.add(new ServiceStatus(service.name(), service.replicas(), running, healthy.size(),
                    template == null ? "" : template.image().render(),
                    healthy.stream().filter(ReplicaStatus::served).map(ReplicaStatus::endpoint)
                            .filter(e -> !e.isEmpty()).toList()));
        }
        for (ExternalServiceSpec external : spec.externalServices().values()) {
            List<ExternalStatus> servers = externals.stream().filter(e -> e.service().equals(external.name())).toList();
            services.add(new ServiceStatus(external.name(), servers.size(),
                    (int) servers.stream().filter(e -> !e.address().isEmpty()).count(),
                    (int) servers.stream().filter(e -> e.health() == ReplicaHealth.HEALTHY).count(), "external",
                    servers.stream().filter(e -> e.health() == ReplicaHealth.HEALTHY).map(ExternalStatus::address).toList()));
        }
        return new AppStatus(spec.name(), revision.number(), services, replicas, List.copyOf(externals), canaries);
    }

    private static int parseInt(String value) {
        try {
            return value == null ? -1 : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}

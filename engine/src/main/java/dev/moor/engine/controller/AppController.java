package dev.moor.engine.controller;

import dev.moor.engine.health.HealthMonitor;
import dev.moor.engine.health.HealthSpecs;
import dev.moor.engine.reconciler.Action;
import dev.moor.engine.reconciler.Desired;
import dev.moor.engine.reconciler.DesiredService;
import dev.moor.engine.reconciler.Observed;
import dev.moor.engine.reconciler.ObservedReplica;
import dev.moor.engine.reconciler.Plan;
import dev.moor.engine.reconciler.Reconciler;
import dev.moor.engine.reconciler.ReplicaHealth;
import dev.moor.engine.reconciler.RestartHistory;
import dev.moor.engine.reconciler.SlotKey;
import dev.moor.engine.replica.Labels;
import dev.moor.engine.replica.ReplicaTemplate;
import dev.moor.engine.replica.ReplicaTemplates;
import dev.moor.engine.replica.ResourceNames;
import dev.moor.engine.revision.Revision;
import dev.moor.engine.revision.Revisions;
import dev.moor.engine.runtime.ContainerInfo;
import dev.moor.engine.runtime.ContainerRuntime;
import dev.moor.engine.runtime.ContainerRuntimeException;
import dev.moor.engine.store.Store;
import dev.moor.engine.store.StoredEvent;
import dev.moor.spec.AppSpec;
import dev.moor.spec.ExternalServiceSpec;
import dev.moor.spec.HealthSpec;
import dev.moor.spec.ServiceSpec;
import dev.moor.spec.VolumeSpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Keeps one app at its desired revision on one container engine: observes the engine (events plus a
 * periodic resync), asks the pure {@link Reconciler} for a plan, and applies it. One thread decides, so
 * passes never overlap; graceful stops run beside it so a slow stop never delays a replacement.
 *
 * <p>Closing the controller stops Moor's loop only: the containers keep running (restart policy
 * {@code always}) and a later controller adopts them.
 */
public final class AppController implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AppController.class);
    private static final Set<String> EVENTS_THAT_CHANGE_STATE =
            Set.of("start", "die", "destroy", "oom", "pause", "unpause", "restart");
    private static final Duration RESUBSCRIBE_DELAY = Duration.ofSeconds(1);
    private static final int MAX_SURGE = 1;

    private final ContainerRuntime runtime;
    private final Store store;
    private final HealthMonitor health;
    private final Clock clock;
    private final String ownerId;
    private final Map<String, String> images;
    private final Function<String, String> environment;
    private final Duration resyncInterval;
    private final OrphanCollector orphans;
    private final Consumer<StoredEvent> eventListener;
    private final Consumer<AppStatus> statusListener;
    private final Duration deregistrationDelay;
    private final List<ExternalServer> externals = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final ScheduledExecutorService loop;
    private final ExecutorService stoppers = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicBoolean passQueued = new AtomicBoolean();
    private final Set<String> stopping = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private volatile Closeable eventSubscription;

    // Touched by the loop thread only.
    private final Map<SlotKey, RestartHistory> restarts = new HashMap<>();
    private final Map<SlotKey, Instant> lastExit = new HashMap<>();
    private final Set<String> watched = new HashSet<>();
    private final Set<String> failuresRecorded = new HashSet<>();
    private Optional<Instant> scheduledRecheck = Optional.empty();

    // Written by the loop thread; read by status().
    private volatile Revision revision;
    private volatile AppSpec spec;
    private volatile Map<String, ReplicaTemplate> templates;
    private volatile List<ContainerInfo> lastObserved = List.of();

    AppController(AppControllerBuilder builder) {
        this.runtime = builder.runtime;
        this.store = builder.store;
        this.health = new HealthMonitor(builder.runtime, builder.clock, this::onHealthChange);
        this.clock = builder.clock;
        this.ownerId = builder.ownerId;
        this.images = Map.copyOf(builder.images);
        this.environment = builder.environment;
        this.resyncInterval = builder.resyncInterval;
        this.eventListener = builder.eventListener;
        this.statusListener = builder.statusListener;
        this.deregistrationDelay = builder.deregistrationDelay;
        this.revision = builder.revision;
        this.spec = builder.spec;
        this.templates = templatesOf(builder.revision, builder.spec);
        this.orphans = new OrphanCollector(runtime, store, ownerId, builder.spec.name(), builder.orphanGrace,
                builder.specAppName, this::event);
        this.loop = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                .name("moor-reconcile-" + builder.spec.name()).daemon(true).factory());
    }

    public static AppControllerBuilder builder() {
        return new AppControllerBuilder();
    }

    public String app() {
        return spec.name();
    }

    public Revision revision() {
        return revision;
    }

    /** Creates the app's network and volumes, subscribes to the engine's events and runs the first pass. */
    public void start() {
        AppSpec current = spec;
        runtime.ensureNetwork(ResourceNames.network(current.name()), Labels.ofApp(ownerId, current.name()));
        for (ServiceSpec service : current.services().values()) {
            for (VolumeSpec volume : service.volumes()) {
                if (volume.kind() == VolumeSpec.Kind.VOLUME) {
                    runtime.ensureVolume(ResourceNames.volume(current.name(), volume.source()),
                            Labels.ofApp(ownerId, current.name()));
                }
            }
        }
        watchExternalServers(current);
        subscribe();
        event("moor.started", "", -1, "", "keeping " + current.name() + " at revision " + revision.number());
        requestPass();
        loop.scheduleWithFixedDelay(this::requestPass, resyncInterval.toMillis(), resyncInterval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Runs a reconcile pass soon; many requests before it runs make one pass. */
    public void requestPass() {
        if (closed || !passQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            loop.execute(this::pass);
        } catch (RejectedExecutionException e) {
            passQueued.set(false);
        }
    }

    /** Sets a service's replica count: a new revision; the running replicas are kept. */
    public Revision scale(String service, int replicas) {
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas: " + replicas + " (expected: >= 0)");
        }
        Revision next = onLoop(() -> {
            AppSpec current = spec;
            if (current.service(service).isEmpty()) {
                throw new IllegalArgumentException("no service " + service + " in app " + current.name()
                        + " (services: " + String.join(", ", current.services().keySet()) + ")");
            }
            Map<String, Integer> scale = new LinkedHashMap<>(revision.scale());
            scale.put(service, replicas);
            Revision accepted = store.accept(revision.app(), revision.sourcePath(), revision.sourceText(), scale);
            AppSpec scaled = Revisions.applyScale(current, scale);
            templates = templatesOf(accepted, scaled);
            spec = scaled;
            revision = accepted;
            event("revision.accepted", service, -1, "", "scaled " + service + " to " + replicas
                    + " replica(s) (revision " + accepted.number() + ")");
            return accepted;
        });
        requestPass();
        return next;
    }

    private void onHealthChange(String containerId, ReplicaHealth before, ReplicaHealth after) {
        publishStatus();
        if (after == ReplicaHealth.HEALTHY || after == ReplicaHealth.UNHEALTHY) {
            externals.stream().filter(server -> server.watchId().equals(containerId)).findFirst().ifPresent(server ->
                    event("external." + after.name().toLowerCase(java.util.Locale.ROOT), server.service(), -1, "",
                            server.endpoint() + " is " + after.name().toLowerCase(java.util.Locale.ROOT)));
            lastObserved.stream().filter(c -> c.id().equals(containerId)).findFirst().ifPresent(container ->
                    event("replica." + after.name().toLowerCase(java.util.Locale.ROOT),
                            container.labels().getOrDefault(Labels.SERVICE, ""), slotOf(container), container.shortId(),
                            container.name() + " is " + after.name().toLowerCase(java.util.Locale.ROOT)));
        }
        requestPass();
    }

    private static int slotOf(ContainerInfo container) {
        try {
            return Integer.parseInt(container.labels().getOrDefault(Labels.REPLICA, "-1"));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** What runs now, as of the last pass, with each replica's current health. */
    public AppStatus status() {
        List<AppStatus.ExternalStatus> servers = new ArrayList<>();
        for (ExternalServer server : externals) {
            servers.add(new AppStatus.ExternalStatus(server.service(), server.endpoint(), server.address(),
                    server.address().isEmpty() ? ReplicaHealth.UNHEALTHY : health.health(server.watchId())));
        }
        return AppStatus.of(spec, revision, lastObserved, templates, this::healthOf, servers);
    }

    /** A server of an external service; probed like a replica, under {@code watchId}. */
    private record ExternalServer(String service, String endpoint, String address, String watchId) {}

    private void watchExternalServers(AppSpec current) {
        for (ExternalServiceSpec service : current.externalServices().values()) {
            HealthSpec probe = service.health().orElse(new HealthSpec(new HealthSpec.Check.Tcp(), HealthSpec.DEFAULT_INTERVAL,
                    HealthSpec.DEFAULT_TIMEOUT, HealthSpec.DEFAULT_HEALTHY_THRESHOLD, HealthSpec.DEFAULT_UNHEALTHY_THRESHOLD,
                    Duration.ZERO));
            for (ExternalServiceSpec.HostPort server : service.endpoints()) {
                String watchId = "external:" + service.name() + ":" + server;
                InetSocketAddress address = new InetSocketAddress(server.host(), server.port());
                if (address.isUnresolved()) {
                    event("external.unresolved", service.name(), -1, "", server + ": the name does not resolve");
                    externals.add(new ExternalServer(service.name(), server.toString(), "", watchId));
                    continue;
                }
                String ip = address.getAddress().getHostAddress();
                externals.add(new ExternalServer(service.name(), server.toString(),
                        (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + server.port(), watchId));
                health.watch(watchId, probe, address, clock.instant());
            }
        }
    }

    private void publishStatus() {
        try {
            statusListener.accept(status());
        } catch (RuntimeException e) {
            log.error("the status listener failed", e);
        }
    }

    private ReplicaHealth healthOf(String containerId) {
        return stopping.contains(containerId) ? ReplicaHealth.STOPPING : health.health(containerId);
    }

    @Override
    public void close() {
        closed = true;
        Closeable subscription = eventSubscription;
        if (subscription != null) {
            closeQuietly(subscription);
        }
        loop.shutdownNow();
        health.close();
        stoppers.shutdown();
        try {
            loop.awaitTermination(10, TimeUnit.SECONDS);
            stoppers.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        event("moor.stopped", "", -1, "", "Moor stopped; the containers keep running");
    }

    private void subscribe() {
        if (closed) {
            return;
        }
        try {
            eventSubscription = runtime.events(Labels.ofApp(ownerId, spec.name()), event -> {
                if (EVENTS_THAT_CHANGE_STATE.contains(event.action())) {
                    requestPass();
                }
            }, error -> {
                if (!closed) {
                    log.warn("the engine's event stream broke ({}); re-subscribing", error.toString());
                    scheduleOnLoop(RESUBSCRIBE_DELAY, () -> {
                        subscribe();
                        requestPass();
                    });
                }
            });
        } catch (ContainerRuntimeException e) {
            log.warn("cannot subscribe to the engine's events ({}); retrying", e.getMessage());
            scheduleOnLoop(RESUBSCRIBE_DELAY, this::subscribe);
        }
    }

    private void pass() {
        passQueued.set(false);
        if (closed) {
            return;
        }
        try {
            reconcileOnce();
            orphans.collect(clock.instant());
        } catch (ContainerRuntimeException e) {
            log.warn("reconcile pass failed: {}", e.getMessage());
            event("reconcile.failed", "", -1, "", e.getMessage());
        } catch (RuntimeException e) {
            log.error("reconcile pass failed", e);
            event("reconcile.failed", "", -1, "", String.valueOf(e.getMessage()));
        }
    }

    private void reconcileOnce() {
        AppSpec current = spec;
        Map<String, ReplicaTemplate> currentTemplates = templates;
        List<ContainerInfo> containers = runtime.listContainers(Labels.ofApp(ownerId, current.name()));
        lastObserved = containers;
        Instant now = clock.instant();

        List<ObservedReplica> replicas = new ArrayList<>();
        Set<String> present = new HashSet<>();
        for (ContainerInfo container : containers) {
            present.add(container.id());
            Optional<ObservedReplica> replica = observe(container, current);
            if (replica.isEmpty()) {
                removeUnrecognised(container);
                continue;
            }
            replicas.add(replica.get());
            noteFailureAndRecovery(container, replica.get(), now);
        }
        for (String gone : Set.copyOf(watched)) {
            if (!present.contains(gone)) {
                health.unwatch(gone);
                watched.remove(gone);
                failuresRecorded.remove(gone);
            }
        }

        Plan plan = Reconciler.plan(desired(current, currentTemplates), new Observed(replicas, restarts), now);
        for (Action action : plan.actions()) {
            apply(action, currentTemplates, containers, now);
        }
        plan.recheckAt().ifPresent(this::scheduleRecheck);
        publishStatus();
    }

    private Optional<ObservedReplica> observe(ContainerInfo container, AppSpec current) {
        String service = container.labels().get(Labels.SERVICE);
        String config = container.labels().getOrDefault(Labels.CONFIG, "");
        int slot;
        try {
            slot = Integer.parseInt(container.labels().getOrDefault(Labels.REPLICA, ""));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (service == null || slot < 0) {
            return Optional.empty();
        }
        if (container.state().isAlive() && !stopping.contains(container.id()) && !watched.contains(container.id())) {
            Optional<ServiceSpec> serviceSpec = current.service(service);
            if (serviceSpec.isPresent()) {
                try {
                    health.watch(container.id(), HealthSpecs.effective(serviceSpec.get()).orElse(null),
                            container.publishedPort().orElse(null), container.startedAt().orElse(clock.instant()));
                    watched.add(container.id());
                } catch (IllegalArgumentException e) {
                    log.warn("cannot probe {}: {}", container.name(), e.getMessage());
                }
            }
        }
        return Optional.of(new ObservedReplica(container.id(), service, slot, config, container.state(),
                healthOf(container.id())));
    }

    private void noteFailureAndRecovery(ContainerInfo container, ObservedReplica replica, Instant now) {
        SlotKey slot = new SlotKey(replica.service(), replica.slot());
        if (!container.state().isAlive() && !stopping.contains(container.id()) && failuresRecorded.add(container.id())) {
            RestartHistory previous = restarts.get(slot);
            restarts.put(slot, new RestartHistory(previous == null ? 1 : previous.consecutiveFailures() + 1, now));
            lastExit.put(slot, container.finishedAt().orElse(now));
        } else if (replica.health() == ReplicaHealth.HEALTHY) {
            restarts.remove(slot);
        }
    }

    private Desired desired(AppSpec current, Map<String, ReplicaTemplate> currentTemplates) {
        Map<String, DesiredService> services = new LinkedHashMap<>();
        for (ServiceSpec service : current.services().values()) {
            services.put(service.name(), new DesiredService(service.name(), service.replicas(),
                    currentTemplates.get(service.name()).configHash(), MAX_SURGE));
        }
        return new Desired(current.name(), revision.number(), services);
    }

    private void apply(Action action, Map<String, ReplicaTemplate> currentTemplates, List<ContainerInfo> containers,
                       Instant now) {
        switch (action) {
            case Action.StartReplica start -> startReplica(currentTemplates.get(start.service()), start.slot(), now);
            case Action.RemoveReplica remove -> {
                ContainerInfo container = containers.stream().filter(c -> c.id().equals(remove.containerId()))
                        .findFirst().orElseThrow();
                removeReplica(container, remove);
            }
        }
    }

    private void startReplica(ReplicaTemplate template, int slot, Instant now) {
        String name = ResourceNames.container(spec.name(), template.service(), slot,
                HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6));
        String containerId = null;
        try {
            containerId = runtime.createContainer(template.request(slot, name));
            if (!template.secretFiles().isEmpty()) {
                runtime.copyFiles(containerId, template.secretFiles());
            }
            runtime.startContainer(containerId);
            SlotKey key = new SlotKey(template.service(), slot);
            Instant exitedAt = lastExit.remove(key);
            String replacing = exitedAt == null ? ""
                    : " (replaces the replica that stopped " + Duration.between(exitedAt, clock.instant()).toMillis()
                    + " ms before)";
            event("replica.started", template.service(), slot, shortId(containerId),
                    "started " + name + " (" + template.base().image() + ")" + replacing);
        } catch (ContainerRuntimeException e) {
            SlotKey key = new SlotKey(template.service(), slot);
            RestartHistory previous = restarts.get(key);
            restarts.put(key, new RestartHistory(previous == null ? 1 : previous.consecutiveFailures() + 1, now));
            event("replica.start-failed", template.service(), slot, containerId == null ? "" : shortId(containerId),
                    "cannot start " + name + ": " + e.getMessage());
            if (containerId != null) {
                removeQuietly(containerId);
            }
            scheduleRecheck(now.plusSeconds(1));
        }
    }

    private void removeReplica(ContainerInfo container, Action.RemoveReplica remove) {
        String reason = switch (remove.reason()) {
            case FAILED -> "its process exited (code " + container.exitCode() + ")";
            case UNHEALTHY -> "it failed its health checks";
            case OUTDATED -> "its replacement is healthy";
            case SURPLUS -> "the service needs fewer replicas";
            case DUPLICATE -> "another container holds its slot";
            case UNKNOWN_SERVICE -> "its service is no longer in the spec";
        };
        String kind = remove.reason() == Action.Reason.FAILED ? "replica.failed" : "replica.removed";
        event(kind, remove.service(), remove.slot(), container.shortId(), "removing " + container.name() + ": " + reason);
        stopping.add(container.id());
        health.markStopping(container.id());
        publishStatus();
        Duration grace = Optional.ofNullable(spec.services().get(remove.service()))
                .map(ServiceSpec::stopGrace).orElse(ServiceSpec.DEFAULT_STOP_GRACE);
        // Beside the loop, even for a dead container: its replacement, in the same plan, must not wait for it.
        stoppers.execute(() -> {
            try {
                if (container.state().isAlive()) {
                    // The edge must stop sending new requests before the replica stops accepting them.
                    Thread.sleep(deregistrationDelay);
                    runtime.stopContainer(container.id(), grace);
                }
                runtime.removeContainer(container.id());
            } catch (ContainerRuntimeException e) {
                log.warn("cannot remove {}: {}", container.name(), e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                stopping.remove(container.id());
                requestPass();
            }
        });
    }

    private void removeUnrecognised(ContainerInfo container) {
        event("replica.removed", container.labels().getOrDefault(Labels.SERVICE, ""), -1, container.shortId(),
                "removing " + container.name() + ": its Moor labels are incomplete");
        removeQuietly(container.id());
    }

    private void removeQuietly(String containerId) {
        try {
            runtime.removeContainer(containerId);
        } catch (ContainerRuntimeException e) {
            log.warn("cannot remove container {}: {}", shortId(containerId), e.getMessage());
        }
    }

    private void scheduleRecheck(Instant at) {
        Instant now = clock.instant();
        if (scheduledRecheck.isPresent() && scheduledRecheck.get().isAfter(now) && !scheduledRecheck.get().isAfter(at)) {
            return;
        }
        scheduledRecheck = Optional.of(at);
        scheduleOnLoop(Duration.between(now, at), this::requestPass);
    }

    private void scheduleOnLoop(Duration delay, Runnable task) {
        try {
            loop.schedule(task, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Closed: nothing more to do.
        }
    }

    private <T> T onLoop(java.util.concurrent.Callable<T> task) {
        Future<T> result = loop.submit(task);
        try {
            return result.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtimeException) {
                throw runtimeException;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the reconcile loop did not answer within 30 s", e);
        }
    }

    private Map<String, ReplicaTemplate> templatesOf(Revision forRevision, AppSpec forSpec) {
        Map<String, ReplicaTemplate> result = new LinkedHashMap<>();
        for (ServiceSpec service : forSpec.services().values()) {
            String image = images.get(service.name());
            if (image == null) {
                throw new IllegalStateException("no image prepared for service " + service.name());
            }
            result.put(service.name(), ReplicaTemplates.of(ownerId, forSpec.name(), forRevision.number(), service,
                    image, environment));
        }
        return result;
    }

    private void event(String kind, String service, int replica, String container, String message) {
        StoredEvent stored = store.append(new StoredEvent(0, spec.name(), clock.instant(), kind, service, replica,
                container, message));
        eventListener.accept(stored);
    }

    private static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException | RuntimeException e) {
            log.debug("closing {} failed", closeable, e);
        }
    }
}

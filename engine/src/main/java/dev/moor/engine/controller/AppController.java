package dev.moor.engine.controller;

import dev.moor.engine.deploy.CanaryAnalysis;
import dev.moor.engine.deploy.CanaryRollout;
import dev.moor.engine.deploy.CanaryState;
import dev.moor.engine.deploy.CanaryStep;
import dev.moor.engine.deploy.DeployProgress;
import dev.moor.engine.deploy.Deployment;
import dev.moor.engine.deploy.TrafficFigures;
import dev.moor.engine.deploy.WindowFigures;
import dev.moor.engine.health.HealthMonitor;
import dev.moor.engine.image.PreparedImage;
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
import dev.moor.engine.routing.EdgeSnapshots;
import dev.moor.engine.runtime.ContainerInfo;
import dev.moor.engine.runtime.ContainerRuntime;
import dev.moor.engine.runtime.ContainerRuntimeException;
import dev.moor.engine.runtime.ContainerState;
import dev.moor.engine.store.Store;
import dev.moor.engine.store.StoredEvent;
import dev.moor.spec.AppSpec;
import dev.moor.spec.CanarySpec;
import dev.moor.spec.DeploySpec;
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
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
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
 *
 * <p>The engine may go away and come back (dockerd restarted): a pass that cannot list the containers does
 * nothing and is tried again every second, the event stream is subscribed again, and once the engine answers
 * the next pass looks at what really runs; see {@link #engineBack}. Nothing Moor decided while the engine was away
 * sticks: a removal that failed is decided again, a container the engine started again is probed afresh.
 */
public final class AppController implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AppController.class);
    private static final Set<String> EVENTS_THAT_CHANGE_STATE =
            Set.of("start", "die", "destroy", "oom", "pause", "unpause", "restart");
    private static final Duration RESUBSCRIBE_DELAY = Duration.ofSeconds(1);
    /** How soon a pass that failed, or a removal that failed, is tried again. */
    private static final Duration RETRY_DELAY = Duration.ofSeconds(1);
    /** How many failures in a row of a new revision's replica end its deploy before the deadline. */
    private static final int CRASH_LOOP_FAILURES = 3;
    /** How far back the stable set's figures go when the canary's window left it too few requests (at 100 %). */
    private static final Duration BASELINE = Duration.ofMinutes(10);

    private final ContainerRuntime runtime;
    private final Store store;
    private final HealthMonitor health;
    private final Clock clock;
    private final String ownerId;
    private final Function<String, String> environment;
    private final Duration resyncInterval;
    private final Consumer<StoredEvent> eventListener;
    private final Consumer<AppStatus> statusListener;
    private final ReplicaDrain drain;
    private final TrafficFigures traffic;
    private final List<ExternalServer> externals = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final ScheduledExecutorService loop;
    private final ExecutorService stoppers = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicBoolean passQueued = new AtomicBoolean();
    private final Set<String> stopping = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private volatile Closeable eventSubscription;
    /** The event stream broke: the engine may have restarted since the last pass. */
    private volatile boolean engineInterrupted;
    private volatile boolean subscribeFailing;

    // Touched by the loop thread only.
    private final Map<SlotKey, RestartHistory> restarts = new HashMap<>();
    private final Map<SlotKey, Instant> lastExit = new HashMap<>();
    /** The containers being probed, with the start and the address they are probed at. */
    private final Map<String, Watch> watched = new HashMap<>();
    private final Set<String> failuresRecorded = new HashSet<>();
    private Optional<Instant> scheduledRecheck = Optional.empty();
    /** Since when the engine does not answer, while it does not. */
    private Optional<Instant> engineLostSince = Optional.empty();

    // Written by the loop thread; read by status().
    private volatile Revision revision;
    private volatile AppSpec spec;
    private volatile Map<String, ReplicaTemplate> templates;
    private volatile List<ContainerInfo> lastObserved = List.of();
    private volatile boolean observedOnce;
    private volatile Optional<Deployment> deploy;
    /** The revision a deploy started from and its spec, while they are at hand (not after a restart). */
    private Revision deployedFrom;
    private AppSpec deployedFromSpec;
    /**
     * When the last deploy succeeded: a blue-green service keeps its previous set for its {@code keep_previous}
     * from then. Read from the store at start, so a restarted server keeps the set for the rest of that time.
     */
    private Optional<Instant> lastSwitch;
    /** Per canary service of the deploy, what its last decision said (for {@link #canaries}). */
    private volatile Map<String, String> canaryNotes = Map.of();

    AppController(AppControllerBuilder builder) {
        this.runtime = builder.runtime;
        this.store = builder.store;
        this.health = new HealthMonitor(builder.runtime, builder.clock, this::onHealthChange);
        this.clock = builder.clock;
        this.ownerId = builder.ownerId;
        this.environment = builder.environment;
        this.resyncInterval = builder.resyncInterval;
        this.eventListener = builder.eventListener;
        this.statusListener = builder.statusListener;
        this.drain = builder.drain;
        this.traffic = builder.traffic;
        this.revision = builder.revision;
        this.spec = builder.spec;
        this.templates = templatesOf(builder.revision, builder.spec);
        this.deploy = builder.store.activeDeploy(builder.spec.name())
                .filter(active -> active.toRevision() == builder.revision.number());
        this.lastSwitch = builder.store.deploys(builder.spec.name()).stream()
                .filter(d -> d.state() == Deployment.State.SUCCEEDED).findFirst().flatMap(Deployment::endedAt);
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

    /** The spec of {@link #revision}: what the controller keeps running. */
    public AppSpec spec() {
        return spec;
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

    /**
     * Sets a service's replica count: a new revision; the running replicas are kept.
     *
     * @param who who asked, kept with the revision
     */
    public Revision scale(String service, int replicas, String who) {
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
            Revision accepted = store.accept(revision.app(), revision.sourcePath(), revision.sourceText(), scale,
                    revision.images(), who, List.of(service + ": replicas: "
                            + current.service(service).orElseThrow().replicas() + " -> " + replicas));
            AppSpec scaled = Revisions.applyScale(current, scale);
            templates = templatesOf(accepted, scaled);
            spec = scaled;
            revision = accepted;
            if (deploy.isEmpty()) {
                store.setCurrentRevision(accepted.app(), accepted.number());
            }
            event("revision.accepted", service, -1, "", "scaled " + service + " to " + replicas
                    + " replica(s) (revision " + accepted.number() + ")");
            return accepted;
        });
        requestPass();
        return next;
    }

    /**
     * Moves the app to another revision: new replicas start beside the old ones, each old one leaves when its
     * replacement is healthy (the reconciler's rolling replacement). The move is recorded in the store as a
     * deploy; it succeeds when every service runs the new revision at its declared count, all healthy, and it
     * fails when that has not happened within the progress deadline: the app then goes back to the revision it
     * ran before, whose replicas never stopped serving.
     *
     * @return the deploy, or empty when {@code next} is the revision the app keeps already
     */
    public Optional<Deployment> deploy(Revision next, AppSpec nextSpec) {
        if (!next.app().equals(app()) || !nextSpec.name().equals(app())) {
            throw new IllegalArgumentException("revision of app " + next.app() + " given to the controller of " + app());
        }
        Optional<Deployment> started = onLoop(() -> {
            if (next.number() == revision.number()) {
                return Optional.<Deployment>empty();
            }
            Map<String, ReplicaTemplate> nextTemplates = templatesOf(next, nextSpec);
            Instant now = clock.instant();
            deploy.ifPresent(superseded -> store.endDeploy(superseded.id(), Deployment.State.FAILED,
                    "superseded by the deploy of revision " + next.number()));
            long from = store.currentRevision(app());
            Duration deadline = Deployment.progressDeadline(nextSpec);
            Deployment deployment = store.startDeploy(app(), from, next.number(), now.plus(deadline));
            Map<String, CanaryStep> canaries = new TreeMap<>();
            for (ServiceSpec service : nextSpec.services().values()) {
                ReplicaTemplate before = templates.get(service.name());
                // A canary needs a set to compare with: a new service, or one whose replicas do not change, has none.
                if (service.deploy().canary().isPresent() && from != 0 && before != null
                        && !before.configHash().equals(nextTemplates.get(service.name()).configHash())) {
                    canaries.put(service.name(), CanaryStep.starting(now));
                }
            }
            if (!canaries.isEmpty()) {
                deployment = store.setCanaries(deployment, canaries);
            }
            canaryNotes = Map.of();
            if (revision.number() == from) {
                deployedFrom = revision;
                deployedFromSpec = spec;
            }
            templates = nextTemplates;
            spec = nextSpec;
            revision = next;
            deploy = Optional.of(deployment);
            // The new revision's replicas start with a clean record: the old one's failures are not theirs.
            restarts.clear();
            event("deploy.started", "", -1, "", "deploying revision " + next.number()
                    + (from == 0 ? "" : " (from " + from + ")") + "; deadline " + deadline.toSeconds() + " s");
            return Optional.of(deployment);
        });
        requestPass();
        return started;
    }

    /** Whether a pass has listed the app's containers yet: before that, {@link #status} knows of no replica. */
    public boolean hasObserved() {
        return observedOnce;
    }

    /** The deploy in progress, if any. */
    public Optional<Deployment> activeDeploy() {
        return deploy;
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
        return AppStatus.of(spec, revision, lastObserved, templates, this::healthOf, servers, deploy.isPresent(),
                canaryWeights(spec, deploy));
    }

    /** The share of the new set of each service that runs a canary in {@code active}. */
    private static Map<String, Integer> canaryWeights(AppSpec current, Optional<Deployment> active) {
        Map<String, Integer> weights = new LinkedHashMap<>();
        active.ifPresent(d -> d.canaries().forEach((service, step) -> canarySpec(current, service)
                .ifPresent(canary -> weights.put(service, CanaryRollout.weight(canary, step)))));
        return weights;
    }

    private static Optional<CanarySpec> canarySpec(AppSpec current, String service) {
        return current.service(service).flatMap(s -> s.deploy().canary());
    }

    /** The canaries of the deploy in progress: where each stands and what it waits for. */
    public List<CanaryState> canaries() {
        Optional<Deployment> active = deploy;
        AppSpec current = spec;
        Map<String, String> notes = canaryNotes;
        List<CanaryState> states = new ArrayList<>();
        active.ifPresent(d -> d.canaries().forEach((service, step) -> canarySpec(current, service).ifPresent(canary ->
                states.add(new CanaryState(service, step.step(), canary.steps().size(),
                        CanaryRollout.weight(canary, step), step.since(), notes.getOrDefault(service, ""))))));
        return states;
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

    /**
     * Subscribes to the engine's events, and again every second from the loop while that fails or once the stream
     * breaks (the engine stopped or restarted): a pass follows each new subscription, since events were missed.
     *
     * @return whether the stream runs
     */
    private boolean subscribe() {
        if (closed) {
            return false;
        }
        try {
            eventSubscription = runtime.events(Labels.ofApp(ownerId, spec.name()), event -> {
                if (EVENTS_THAT_CHANGE_STATE.contains(event.action())) {
                    requestPass();
                }
            }, error -> {
                if (!closed) {
                    log.warn("the engine's event stream broke ({}); re-subscribing", error.toString());
                    engineInterrupted = true;
                    scheduleOnLoop(RESUBSCRIBE_DELAY, this::resubscribe);
                }
            });
            if (subscribeFailing) {
                log.info("listening to the engine's events again");
            }
            subscribeFailing = false;
            return true;
        } catch (ContainerRuntimeException e) {
            if (!subscribeFailing) {
                log.warn("cannot subscribe to the engine's events ({}); retrying every {} ms", e.getMessage(),
                        RESUBSCRIBE_DELAY.toMillis());
            }
            subscribeFailing = true;
            engineInterrupted = true;
            scheduleOnLoop(RESUBSCRIBE_DELAY, this::resubscribe);
            return false;
        }
    }

    private void resubscribe() {
        if (subscribe()) {
            requestPass();
        }
    }

    private void pass() {
        passQueued.set(false);
        if (closed) {
            return;
        }
        try {
            reconcileOnce();
        } catch (ContainerRuntimeException e) {
            log.warn("reconcile pass failed: {}", e.getMessage());
            event("reconcile.failed", "", -1, "", e.getMessage());
            scheduleRecheck(clock.instant().plus(RETRY_DELAY));
        } catch (RuntimeException e) {
            log.error("reconcile pass failed", e);
            event("reconcile.failed", "", -1, "", String.valueOf(e.getMessage()));
            scheduleRecheck(clock.instant().plus(RETRY_DELAY));
        }
    }

    /** The pass could not list what runs: it does nothing, says so once per outage, and is tried again soon. */
    private void engineUnreachable(ContainerRuntimeException e) {
        Instant now = clock.instant();
        if (engineLostSince.isEmpty()) {
            engineLostSince = Optional.of(now);
            log.warn("the container engine does not answer ({}); retrying every {} ms", e.getMessage(),
                    RETRY_DELAY.toMillis());
            event("engine.unreachable", "", -1, "", "the container engine does not answer (" + e.getMessage()
                    + "); Moor tries again every " + RETRY_DELAY.toSeconds() + " s");
        }
        scheduleRecheck(now.plus(RETRY_DELAY));
    }

    /**
     * The engine answers again after it did not, or after its event stream broke (it may have restarted in
     * between). What Moor concluded while it could not see the engine says nothing about the replicas: the start
     * failures of that time hold back no slot, and replicas whose probes failed then are probed afresh (STARTING)
     * instead of being replaced on that verdict. The containers the engine started again are watched anew by
     * {@link #observe} since their start time changed.
     */
    private void engineBack(Instant now) {
        engineInterrupted = false;
        engineLostSince.ifPresent(since -> {
            log.info("the container engine answers again after {} ms", Duration.between(since, now).toMillis());
            event("engine.reachable", "", -1, "", "the container engine answers again after "
                    + Duration.between(since, now).toMillis() + " ms; Moor compares what runs with revision "
                    + revision.number());
        });
        engineLostSince = Optional.empty();
        restarts.clear();
        for (String id : Set.copyOf(watched.keySet())) {
            if (health.health(id) == ReplicaHealth.UNHEALTHY) {
                health.unwatch(id);
                watched.remove(id);
            }
        }
    }

    private void reconcileOnce() {
        AppSpec current = spec;
        Map<String, ReplicaTemplate> currentTemplates = templates;
        List<ContainerInfo> containers;
        try {
            containers = runtime.listContainers(Labels.ofApp(ownerId, current.name()));
        } catch (ContainerRuntimeException e) {
            engineUnreachable(e);
            return;
        }
        lastObserved = containers;
        observedOnce = true;
        Instant now = clock.instant();
        if (engineLostSince.isPresent() || engineInterrupted) {
            engineBack(now);
        }

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
        for (String gone : Set.copyOf(watched.keySet())) {
            if (!present.contains(gone)) {
                health.unwatch(gone);
                watched.remove(gone);
            }
        }
        failuresRecorded.retainAll(present);

        Desired desired = desired(current, currentTemplates, now);
        Plan plan = Reconciler.plan(desired, new Observed(replicas, restarts), now);
        for (Action action : plan.actions()) {
            apply(action, currentTemplates, containers, now);
        }
        plan.recheckAt().ifPresent(this::scheduleRecheck);
        publishStatus();
        deploy.ifPresent(active -> progress(active, DeployProgress.of(desired, replicas), now));
    }

    private void progress(Deployment started, DeployProgress progress, Instant now) {
        Optional<Deployment> stepped = stepCanaries(started, progress, now);
        if (stepped.isEmpty()) {
            return;
        }
        Deployment active = stepped.get();
        if (progress.complete() && canariesDone(active)) {
            store.endDeploy(active.id(), Deployment.State.SUCCEEDED, "every replica of revision "
                    + active.toRevision() + " is healthy");
            store.setCurrentRevision(app(), active.toRevision());
            // The event first: whoever sees the deploy end finds it.
            event("deploy.succeeded", "", -1, "", "revision " + active.toRevision() + " is live: "
                    + progress.render() + " (" + Duration.between(active.startedAt(), now).toMillis() + " ms)");
            deploy = Optional.empty();
            lastSwitch = Optional.of(now);
            deployedFrom = null;
            deployedFromSpec = null;
            canaryNotes = Map.of();
            publishStatus();
            return;
        }
        Optional<String> crashLoop = crashLoop();
        // The deadline is for the new replicas to become healthy: a canary's steps take as long as they take.
        if (crashLoop.isEmpty() && (now.isBefore(active.deadline()) || progress.healthy())) {
            if (!progress.healthy()) {
                scheduleRecheck(active.deadline());
            }
            return;
        }
        goBack(active, crashLoop.map(slot -> "revision " + active.toRevision() + " crash-loops: " + slot + " ("
                        + progress.render() + ")")
                .orElseGet(() -> "not every replica of revision " + active.toRevision() + " became healthy within "
                        + Math.round(Duration.between(active.startedAt(), active.deadline()).toMillis() / 1000.0) + " s: "
                        + progress.render()));
    }

    private boolean canariesDone(Deployment active) {
        return active.canaries().entrySet().stream().allMatch(entry -> canarySpec(spec, entry.getKey())
                .map(canary -> CanaryRollout.done(canary, entry.getValue())).orElse(true));
    }

    /**
     * Takes each canary of the deploy a step further when its state machine says so, keeping the steps in the store;
     * rolls the deploy back when one fails its analysis.
     *
     * @return the deploy with its canaries' new steps, or empty when it was rolled back
     */
    private Optional<Deployment> stepCanaries(Deployment active, DeployProgress progress, Instant now) {
        if (active.canaries().isEmpty()) {
            return Optional.of(active);
        }
        Map<String, CanaryStep> steps = new TreeMap<>(active.canaries());
        Map<String, String> notes = new LinkedHashMap<>();
        boolean moved = false;
        for (Map.Entry<String, CanaryStep> entry : active.canaries().entrySet()) {
            String service = entry.getKey();
            Optional<CanarySpec> canary = canarySpec(spec, service);
            if (canary.isEmpty()) {
                continue;
            }
            CanaryStep at = entry.getValue();
            boolean healthy = progress.services().stream().filter(p -> p.service().equals(service))
                    .allMatch(p -> p.healthy() == p.desired());
            CanaryAnalysis.Verdict verdict = at.step() == CanaryStep.STARTING
                    ? new CanaryAnalysis.Verdict.Insufficient(0, canary.get().analysis().minRequests())
                    : analyse(canary.get().analysis(), service, at, active.startedAt(), now);
            CanaryRollout.Decision decision = CanaryRollout.decide(canary.get(), at, healthy, verdict, now);
            switch (decision) {
                case CanaryRollout.Decision.Hold hold -> {
                    hold.recheckAt().ifPresent(this::scheduleRecheck);
                    notes.put(service, hold.why());
                }
                case CanaryRollout.Decision.Advance advance -> {
                    steps.put(service, advance.next());
                    moved = true;
                    notes.put(service, advance.why());
                    int weight = CanaryRollout.weight(canary.get(), advance.next());
                    event(canary.get().pausesAt(advance.next().step()) ? "deploy.paused" : "deploy.step", service, -1,
                            "", service + ": step " + (advance.next().step() + 1) + " of "
                            + canary.get().steps().size() + ", " + weight + "% of its requests to revision "
                            + active.toRevision() + (canary.get().pausesAt(advance.next().step())
                            ? "; paused until moor promote" : "") + " (" + advance.why() + ")");
                    scheduleRecheck(now.plus(canary.get().bake()));
                }
                case CanaryRollout.Decision.Complete complete -> {
                    steps.put(service, CanaryRollout.finished(canary.get(), now));
                    moved = true;
                    notes.put(service, complete.why());
                    event("deploy.step", service, -1, "", service + ": every step done, 100% of its requests to"
                            + " revision " + active.toRevision() + " (" + complete.why() + ")");
                }
                case CanaryRollout.Decision.RollBack rollBack -> {
                    canaryNotes = Map.of();
                    goBack(active, service + ": the canary of revision " + active.toRevision() + " at "
                            + CanaryRollout.weight(canary.get(), at) + "% is worse than revision "
                            + active.fromRevision() + ": " + rollBack.why());
                    return Optional.empty();
                }
            }
        }
        canaryNotes = Map.copyOf(notes);
        if (!moved) {
            return Optional.of(active);
        }
        Deployment stepped = store.setCanaries(active, steps);
        deploy = Optional.of(stepped);
        publishStatus();
        return Optional.of(stepped);
    }

    /** The canary's and the stable set's figures over the analysis window, judged. */
    private CanaryAnalysis.Verdict analyse(CanarySpec.AnalysisSpec analysis, String service, CanaryStep at,
                                           Instant deployStarted, Instant now) {
        Instant windowStart = now.minus(analysis.window());
        Instant from = at.since().isAfter(windowStart) ? at.since() : windowStart;
        String canaryCluster = EdgeSnapshots.canaryClusterName(app(), service);
        WindowFigures canary = traffic.since(canaryCluster, from);
        Instant warmFrom = deployStarted.plus(analysis.warmup());
        Optional<WindowFigures> warm = now.isAfter(warmFrom)
                ? Optional.of(traffic.since(canaryCluster, warmFrom.isAfter(from) ? warmFrom : from)) : Optional.empty();
        WindowFigures stable = traffic.since(EdgeSnapshots.clusterName(app(), service), from);
        WindowFigures baseline = traffic.since(EdgeSnapshots.clusterName(app(), service), now.minus(BASELINE));
        return CanaryAnalysis.judge(analysis, canary, warm, stable, baseline);
    }

    /**
     * Promotes the canaries of the deploy in progress: each goes on to its next step now, past its bake, its analysis
     * or its pause ({@code moor promote}); with {@code full}, each takes all of its service's traffic at once.
     *
     * @param who who asked, named in the event
     * @return the canaries as they stand after the promotion
     * @throws IllegalStateException when no deploy with a canary is in progress
     */
    public List<CanaryState> promote(String who, boolean full) {
        onLoop(() -> {
            Deployment active = deploy.filter(d -> !d.canaries().isEmpty()).orElseThrow(() -> new IllegalStateException(
                    "app " + app() + " has no canary in progress (expected: a deploy of a service with strategy"
                            + " canary, which moor status shows)"));
            Instant now = clock.instant();
            Map<String, CanaryStep> steps = new TreeMap<>(active.canaries());
            List<String> moved = new ArrayList<>();
            for (Map.Entry<String, CanaryStep> entry : active.canaries().entrySet()) {
                Optional<CanarySpec> canary = canarySpec(spec, entry.getKey());
                if (canary.isEmpty() || CanaryRollout.done(canary.get(), entry.getValue())) {
                    continue;
                }
                CanaryStep next = full ? CanaryRollout.finished(canary.get(), now)
                        : switch (CanaryRollout.advance(canary.get(), entry.getValue().step(), now, "promoted")) {
                            case CanaryRollout.Decision.Advance advance -> advance.next();
                            default -> CanaryRollout.finished(canary.get(), now);
                        };
                steps.put(entry.getKey(), next);
                moved.add(entry.getKey() + " to " + CanaryRollout.weight(canary.get(), next) + "%");
            }
            if (moved.isEmpty()) {
                throw new IllegalStateException("every canary of app " + app() + " is done already: the deploy ends"
                        + " once every service is healthy");
            }
            deploy = Optional.of(store.setCanaries(active, steps));
            event("deploy.promoted", "", -1, "", "promoted by " + who + ": " + String.join(", ", moved));
            publishStatus();
            return null;
        });
        requestPass();
        return canaries();
    }

    /**
     * Stops the deploy in progress now, as a failed one: the app goes back to the revision it ran before, whose
     * replicas never stopped serving ({@code moor abort}).
     *
     * @param who who asked, named in the deploy's message
     * @return the deploy that was stopped
     * @throws IllegalStateException when no deploy is in progress
     */
    public Deployment abort(String who) {
        Deployment aborted = onLoop(() -> {
            Deployment active = deploy.orElseThrow(() -> new IllegalStateException("app " + app()
                    + " has no deploy in progress (expected: one that moor apps shows as deploying)"));
            goBack(active, "aborted by " + who + " while deploying revision " + active.toRevision());
            return active;
        });
        requestPass();
        return aborted;
    }

    /** Ends the deploy {@code active} as failed for {@code why}, and keeps the revision it came from. */
    private void goBack(Deployment active, String why) {
        Optional<Revision> previous = active.fromRevision() == 0 ? Optional.empty()
                : deployedFrom != null && deployedFrom.number() == active.fromRevision() ? Optional.of(deployedFrom)
                : store.revision(app(), active.fromRevision());
        deploy = Optional.empty();
        if (previous.isEmpty()) {
            store.endDeploy(active.id(), Deployment.State.FAILED, why + "; no earlier revision to go back to");
            event("deploy.failed", "", -1, "", why + "; no earlier revision to go back to, Moor keeps trying");
            return;
        }
        AppSpec previousSpec;
        try {
            previousSpec = previous.get() == deployedFrom ? deployedFromSpec : Revisions.spec(previous.get());
        } catch (IllegalStateException e) {
            store.endDeploy(active.id(), Deployment.State.FAILED, why + "; cannot go back: " + e.getMessage());
            event("deploy.failed", "", -1, "", why + "; cannot go back to revision " + previous.get().number() + ": "
                    + e.getMessage());
            return;
        }
        deployedFrom = null;
        deployedFromSpec = null;
        // The set that failed goes at once: only a set that ran is worth keeping for a switch back.
        lastSwitch = Optional.empty();
        restarts.clear();
        templates = templatesOf(previous.get(), previousSpec);
        spec = previousSpec;
        revision = previous.get();
        store.endDeploy(active.id(), Deployment.State.FAILED, why + "; back to revision " + previous.get().number());
        event("deploy.failed", "", -1, "", why + "; the app keeps revision " + previous.get().number());
        requestPass();
    }

    /**
     * A slot whose replicas of the deploy's revision failed {@value #CRASH_LOOP_FAILURES} times in a row: a deploy
     * does not wait for its deadline to go back then. Only replicas of the desired config count (see
     * {@link #noteFailureAndRecovery}).
     */
    private Optional<String> crashLoop() {
        return restarts.entrySet().stream()
                .filter(entry -> entry.getValue().consecutiveFailures() >= CRASH_LOOP_FAILURES)
                .filter(entry -> spec.services().containsKey(entry.getKey().service()))
                .min(Map.Entry.comparingByKey(Comparator.comparing(SlotKey::service)
                        .thenComparingInt(SlotKey::slot)))
                .map(entry -> entry.getKey().service() + " replica " + entry.getKey().slot() + " failed "
                        + entry.getValue().consecutiveFailures() + " times in a row");
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
        if (container.state().isAlive() && !stopping.contains(container.id())) {
            watch(container, service, slot, current);
        }
        return Optional.of(new ObservedReplica(container.id(), service, slot, config, container.state(),
                healthOf(container.id())));
    }

    /**
     * Probes an alive replica; again, from STARTING, when it runs since another start than the one it is probed
     * for (the engine's restart policy started it again, e.g. after the engine restarted): its old verdict, and
     * the address it was probed at (a restart may publish another port), are stale.
     */
    private void watch(ContainerInfo container, String service, int slot, AppSpec current) {
        Watch now = new Watch(container.startedAt(), container.publishedPort());
        Watch before = watched.get(container.id());
        if (before != null && (before.equals(now) || container.state() != ContainerState.RUNNING)) {
            return;
        }
        Optional<ServiceSpec> serviceSpec = current.service(service);
        if (serviceSpec.isEmpty()) {
            return;
        }
        try {
            health.watch(container.id(), HealthSpecs.effective(serviceSpec.get()).orElse(null),
                    container.publishedPort().orElse(null), container.startedAt().orElse(clock.instant()));
            watched.put(container.id(), now);
        } catch (IllegalArgumentException e) {
            log.warn("cannot probe {}: {}", container.name(), e.getMessage());
            return;
        }
        if (before != null && !before.startedAt().equals(now.startedAt())) {
            // A new run: its next exit is a new failure.
            failuresRecorded.remove(container.id());
            event("replica.restarted", service, slot, container.shortId(), container.name()
                    + " runs again (started by the engine); probed afresh");
        }
    }

    /** What a replica is probed for: one run of the container, at one address. */
    private record Watch(Optional<Instant> startedAt, Optional<InetSocketAddress> address) {}

    private void noteFailureAndRecovery(ContainerInfo container, ObservedReplica replica, Instant now) {
        SlotKey slot = new SlotKey(replica.service(), replica.slot());
        if (!container.state().isAlive() && !stopping.contains(container.id()) && failuresRecorded.add(container.id())) {
            RestartHistory previous = restarts.get(slot);
            restarts.put(slot, new RestartHistory(previous == null ? 1 : previous.consecutiveFailures() + 1, now));
            lastExit.put(slot, container.finishedAt().orElse(now));
        } else if (replica.health() == ReplicaHealth.HEALTHY && Optional.ofNullable(templates.get(replica.service()))
                .map(template -> template.configHash().equals(replica.configHash())).orElse(false)) {
            // Only a replica of the desired config clears the slot's failures: during a deploy, the old replica
            // that keeps the slot serving says nothing about the new one that keeps crashing beside it.
            restarts.remove(slot);
        }
    }

    private Desired desired(AppSpec current, Map<String, ReplicaTemplate> currentTemplates, Instant now) {
        Map<String, DesiredService> services = new LinkedHashMap<>();
        for (ServiceSpec service : current.services().values()) {
            String config = currentTemplates.get(service.name()).configHash();
            DeploySpec deploySpec = service.deploy();
            if (deploySpec.strategy() == DeploySpec.Strategy.BLUE_GREEN) {
                // The whole new set starts at once beside the previous one, which stays through the move and then
                // for keep_previous, out of the edge (AppStatus serves one set at a time).
                Optional<Instant> keptUntil = lastSwitch.map(at -> at.plus(deploySpec.keepPrevious()))
                        .filter(now::isBefore);
                keptUntil.ifPresent(this::scheduleRecheck);
                services.put(service.name(), new DesiredService(service.name(), service.replicas(), config,
                        Math.max(1, service.replicas()), 0, deploy.isPresent() || keptUntil.isPresent()));
            } else if (deploy.map(d -> d.canaries().containsKey(service.name())).orElse(false)) {
                // A canary's new set starts whole beside the previous one, which stays until the deploy ends.
                services.put(service.name(), new DesiredService(service.name(), service.replicas(), config,
                        Math.max(1, service.replicas()), 0, true));
            } else {
                services.put(service.name(), new DesiredService(service.name(), service.replicas(), config,
                        deploySpec.maxSurge(), deploySpec.maxUnavailable()));
            }
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
                    "started " + name + " (" + template.image().render() + ")" + replacing);
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
            case MAKING_ROOM -> "its replacement starts in its place (deploy.max_unavailable)";
            case SURPLUS -> "the service needs fewer replicas";
            case DUPLICATE -> "another container holds its slot";
            case UNKNOWN_SERVICE -> "its service is no longer in the spec";
        };
        String kind = remove.reason() == Action.Reason.FAILED ? "replica.failed" : "replica.removed";
        event(kind, remove.service(), remove.slot(), container.shortId(), "removing " + container.name() + ": " + reason);
        stopping.add(container.id());
        // Moor's own stop is no failure of the slot, should the container outlive its removal.
        failuresRecorded.add(container.id());
        health.markStopping(container.id());
        publishStatus();
        Duration grace = Optional.ofNullable(spec.services().get(remove.service()))
                .map(ServiceSpec::stopGrace).orElse(ServiceSpec.DEFAULT_STOP_GRACE);
        // Beside the loop, even for a dead container: its replacement, in the same plan, must not wait for it.
        stoppers.execute(() -> {
            String failure = "interrupted";
            try {
                if (container.state().isAlive()) {
                    // The edge must stop sending new requests before the replica stops accepting them.
                    drain.awaitDrained(container.name());
                    runtime.stopContainer(container.id(), grace);
                }
                runtime.removeContainer(container.id());
                failure = null;
            } catch (ContainerRuntimeException e) {
                failure = e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                String why = failure;
                try {
                    loop.execute(() -> removalEnded(container, remove, why));
                } catch (RejectedExecutionException closing) {
                    stopping.remove(container.id());
                }
            }
        });
    }

    /**
     * On the loop, once a removal ended: the container is no longer STOPPING. Removed, it is gone at the next pass.
     * Not removed (the engine refused, or went away), it is observed again like any container: if it is alive,
     * probed afresh, and kept when its slot needs it or removed again; if not, removed again. Either way the next
     * pass decides, soon: nothing stays STOPPING because a stop or a removal failed.
     */
    private void removalEnded(ContainerInfo container, Action.RemoveReplica remove, String failure) {
        stopping.remove(container.id());
        health.unwatch(container.id());
        watched.remove(container.id());
        if (failure == null) {
            requestPass();
            return;
        }
        log.warn("cannot remove {}: {}", container.name(), failure);
        event("replica.remove-failed", remove.service(), remove.slot(), container.shortId(), "cannot remove "
                + container.name() + " (" + failure + "); Moor looks at it again");
        scheduleRecheck(clock.instant().plus(RETRY_DELAY));
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
            PreparedImage image = forRevision.images().get(service.name());
            if (image == null) {
                throw new IllegalStateException("revision " + forRevision.number() + " has no image for service "
                        + service.name());
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

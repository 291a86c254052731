package dev.moor.engine.controller;

import dev.moor.engine.deploy.TrafficFigures;
import dev.moor.engine.revision.Revision;
import dev.moor.engine.runtime.ContainerRuntime;
import dev.moor.engine.store.Store;
import dev.moor.engine.store.StoredEvent;
import dev.moor.spec.AppSpec;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/** Builds an {@link AppController}; every setting is checked in {@link #build()}. */
public final class AppControllerBuilder {
    static final Duration DEFAULT_RESYNC_INTERVAL = Duration.ofSeconds(5);

    ContainerRuntime runtime;
    Store store;
    Clock clock = Clock.systemUTC();
    String ownerId;
    Revision revision;
    AppSpec spec;
    Function<String, String> environment = System::getenv;
    Duration resyncInterval = DEFAULT_RESYNC_INTERVAL;
    Consumer<StoredEvent> eventListener = event -> {};
    Consumer<AppStatus> statusListener = status -> {};
    ReplicaDrain drain = ReplicaDrain.NONE;
    TrafficFigures traffic = TrafficFigures.NONE;


    AppControllerBuilder() {}

    public AppControllerBuilder runtime(ContainerRuntime runtime) {
        this.runtime = runtime;
        return this;
    }

    public AppControllerBuilder store(Store store) {
        this.store = store;
        return this;
    }

    public AppControllerBuilder clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    /** The installation id every container of this Moor is labelled with. */
    public AppControllerBuilder ownerId(String ownerId) {
        this.ownerId = ownerId;
        return this;
    }

    /**
     * The revision to keep, and its spec (parsed from the revision's text, scale applied): the app's current
     * revision, or the target of the deploy in progress, which the controller goes on with.
     */
    public AppControllerBuilder revision(Revision revision, AppSpec spec) {
        this.revision = revision;
        this.spec = spec;
        return this;
    }

    /** Where {@code env:} secrets are read from. */
    public AppControllerBuilder environment(Function<String, String> environment) {
        this.environment = environment;
        return this;
    }

    /** How often the engine is listed even when no event arrives. */
    public AppControllerBuilder resyncInterval(Duration resyncInterval) {
        this.resyncInterval = resyncInterval;
        return this;
    }

    /** Receives every event as it is stored (the terminal of {@code moor up} prints them). */
    public AppControllerBuilder eventListener(Consumer<StoredEvent> eventListener) {
        this.eventListener = eventListener;
        return this;
    }

    /** Receives the app's status after every change of what runs or of a replica's health (the edge feed). */
    public AppControllerBuilder statusListener(Consumer<AppStatus> statusListener) {
        this.statusListener = statusListener;
        return this;
    }

    /** What a replica leaving rotation waits for before it is sent SIGTERM: the edge has stopped using it. */
    public AppControllerBuilder drain(ReplicaDrain drain) {
        this.drain = drain;
        return this;
    }


    /** The edge's figures per cluster, on which canaries are judged. */
    public AppControllerBuilder traffic(TrafficFigures traffic) {
        this.traffic = traffic;
        return this;
    }

    public AppController build() {
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(eventListener, "eventListener");
        Objects.requireNonNull(statusListener, "statusListener");
        Objects.requireNonNull(drain, "drain");
        Objects.requireNonNull(traffic, "traffic");

        if (resyncInterval.isNegative() || resyncInterval.isZero()) {
            throw new IllegalArgumentException("resyncInterval: " + resyncInterval + " (expected: > 0)");
        }
        if (!revision.app().equals(spec.name())) {
            throw new IllegalArgumentException("revision of app " + revision.app() + " given with the spec of app "
                    + spec.name());
        }
        for (String service : spec.services().keySet()) {
            if (!revision.images().containsKey(service)) {
                throw new IllegalArgumentException("revision " + revision.number() + ": no image for service " + service);
            }
        }
        return new AppController(this);
    }
}

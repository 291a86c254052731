package dev.moor.server;

import dev.moor.engine.runtime.ContainerRuntime;
import dev.moor.engine.store.MoorHome;
import dev.moor.spec.ServerSpec;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/** Builds a {@link MoorServer}; every setting is checked in {@link #build()}. */
public final class MoorServerBuilder {
    MoorHome home;
    ServerSpec spec;
    ContainerRuntime runtime;
    Clock clock = Clock.systemUTC();
    String version = "dev";
    boolean runEdge = true;
    List<Path> classPath = List.of();
    Duration resyncInterval = Duration.ofSeconds(5);
    Duration orphanGrace = Duration.ofMinutes(1);
    Map<String, String> environment = System.getenv();
    Consumer<String> say = line -> {};

    MoorServerBuilder() {}

    /** The installation's state directory. */
    public MoorServerBuilder home(MoorHome home) {
        this.home = home;
        return this;
    }

    /** The server's configuration ({@code server.yaml}). */
    public MoorServerBuilder spec(ServerSpec spec) {
        this.spec = spec;
        return this;
    }

    public MoorServerBuilder runtime(ContainerRuntime runtime) {
        this.runtime = runtime;
        return this;
    }

    public MoorServerBuilder clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    /** Moor's version, in the status. */
    public MoorServerBuilder version(String version) {
        this.version = version;
        return this;
    }

    /**
     * Whether the server runs the host's edge in its container, made of {@code classPath} (this Moor's jars).
     * Without it, apps still run and snapshots are still published on the channel, for an edge run by hand.
     */
    public MoorServerBuilder edge(boolean runEdge, List<Path> classPath) {
        this.runEdge = runEdge;
        this.classPath = List.copyOf(classPath);
        return this;
    }

    /** How often each app's containers are listed besides the engine's events. */
    public MoorServerBuilder resyncInterval(Duration resyncInterval) {
        this.resyncInterval = resyncInterval;
        return this;
    }

    /** How long containers of an app that is not registered are left before they are removed. */
    public MoorServerBuilder orphanGrace(Duration orphanGrace) {
        this.orphanGrace = orphanGrace;
        return this;
    }

    /** Where {@code env:} secrets are read from. */
    public MoorServerBuilder environment(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
        return this;
    }

    /** Receives what the server tells its operator (its log's notable lines). */
    public MoorServerBuilder say(Consumer<String> say) {
        this.say = say;
        return this;
    }

    public MoorServer build() {
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(say, "say");
        positive(resyncInterval, "resyncInterval");
        if (orphanGrace.isNegative()) {
            throw new IllegalArgumentException("orphanGrace: " + orphanGrace + " (expected: >= 0)");
        }
        if (runEdge && classPath.isEmpty()) {
            throw new IllegalArgumentException("edge: no class path to make the edge's image of (expected: this Moor's"
                    + " jars, or edge(false, ...) for a server without an edge)");
        }
        return new MoorServer(this);
    }

    private static void positive(Duration value, String name) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
        }
    }
}

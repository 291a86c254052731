package dev.moor.edge.agent;

import dev.moor.snapshot.EdgeSnapshot;
import dev.moor.snapshot.SnapshotProblem;
import dev.moor.snapshot.channel.Figures;
import dev.moor.snapshot.channel.Purge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/** Configures an {@link EdgeAgent}; the socket, token file, state directory, edge id and target are required. */
public final class EdgeAgentBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(EdgeAgent.class);

    Path socket;
    Path tokenFile;
    Path stateDirectory;
    String edgeId;
    String edgeVersion = "dev";
    Function<EdgeSnapshot, List<SnapshotProblem>> target;
    Consumer<String> reports = report -> LOG.warn("{}", report);
    Supplier<Figures> figures;
    ToLongFunction<Purge> purges = purge -> 0;
    Duration firstRetry = Duration.ofMillis(100);
    Duration maxRetry = Duration.ofSeconds(5);
    Duration helloTimeout = Duration.ofSeconds(10);

    EdgeAgentBuilder() {}

    /** The server's channel socket. */
    public EdgeAgentBuilder socket(Path socket) {
        this.socket = Objects.requireNonNull(socket, "socket");
        return this;
    }

    /** The file the server writes the channel's token to; read again before every connection (it changes when the server restarts). */
    public EdgeAgentBuilder tokenFile(Path tokenFile) {
        this.tokenFile = Objects.requireNonNull(tokenFile, "tokenFile");
        return this;
    }

    /** Where the last snapshot is persisted; created when missing. */
    public EdgeAgentBuilder stateDirectory(Path stateDirectory) {
        this.stateDirectory = Objects.requireNonNull(stateDirectory, "stateDirectory");
        return this;
    }

    /** This edge's name in the server's status. */
    public EdgeAgentBuilder edgeId(String edgeId) {
        this.edgeId = Objects.requireNonNull(edgeId, "edgeId");
        return this;
    }

    /** This edge's build, for the server's status; default {@code dev}. */
    public EdgeAgentBuilder edgeVersion(String edgeVersion) {
        this.edgeVersion = Objects.requireNonNull(edgeVersion, "edgeVersion");
        return this;
    }

    /**
     * Serves a snapshot and returns the parts of it that it skipped: {@code EdgeServer::update}. Called from one
     * thread at a time.
     */
    public EdgeAgentBuilder target(Function<EdgeSnapshot, List<SnapshotProblem>> target) {
        this.target = Objects.requireNonNull(target, "target");
        return this;
    }

    /**
     * Receives what the operator should know, one line each: connected, disconnected, refused, a state file that
     * could not be read. Default: logged as warnings.
     */
    public EdgeAgentBuilder reports(Consumer<String> reports) {
        this.reports = Objects.requireNonNull(reports, "reports");
        return this;
    }

    /**
     * What the edge measured per cluster ({@code EdgeMetrics::figures}), sent to the server every second while
     * connected, unless it did not change since the last message. Called from the agent's writer thread. Default:
     * none sent.
     */
    public EdgeAgentBuilder figures(Supplier<Figures> figures) {
        this.figures = Objects.requireNonNull(figures, "figures");
        return this;
    }

    /**
     * Does the server's cache purges, returning how many stored URIs each removed. Called on the agent's thread.
     * Default: an edge without a cache, which removes nothing.
     */
    public EdgeAgentBuilder purges(ToLongFunction<Purge> purges) {
        this.purges = Objects.requireNonNull(purges, "purges");
        return this;
    }

    /** Waits between attempts to reach the server: from {@code first}, doubling, up to {@code max}; default 100 ms to 5 s. */
    public EdgeAgentBuilder retry(Duration first, Duration max) {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("retry: " + first + " to " + max
                    + " (expected: a positive first wait, and a cap not below it)");
        }
        this.firstRetry = first;
        this.maxRetry = max;
        return this;
    }

    public EdgeAgent build() {
        missing(socket, "socket", "the server's channel socket");
        missing(tokenFile, "tokenFile", "the token file next to the socket");
        missing(stateDirectory, "stateDirectory", "a directory to persist the last snapshot in");
        missing(edgeId, "edgeId", "this edge's name");
        missing(target, "target", "what serves the snapshots, e.g. EdgeServer::update");
        return new EdgeAgent(this);
    }

    private static void missing(Object value, String name, String expected) {
        if (value == null) {
            throw new IllegalStateException(name + ": missing (expected: " + expected + ")");
        }
    }
}

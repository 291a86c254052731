package dev.moor.server.edge;

import dev.moor.engine.replica.Labels;
import dev.moor.engine.runtime.ContainerInfo;
import dev.moor.engine.runtime.ContainerRequest;
import dev.moor.engine.runtime.ContainerRuntime;
import dev.moor.engine.runtime.ContainerRuntimeException;
import dev.moor.snapshot.channel.EdgeSettings;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Keeps the host's edge running as a container of its own: host networking (it binds the apps' public ports on
 * the host), restart policy {@code always} (it outlives the server and comes back after a crash), labelled so that
 * a restarted server adopts it like a replica. The edge's state and the channel's socket live in directories of
 * the server's home that are mounted into the container at the same paths.
 *
 * <p>{@link #replace} is how a new version reaches the edge without a failed request: the new container takes
 * the listening sockets of the old one over a Unix socket (SCM_RIGHTS), and the old one is stopped only once the
 * new one serves the latest snapshot.
 */
public final class EdgeSupervisor {
    public static final String ROLE_LABEL = "moor.role";
    public static final String ROLE = "edge";
    static final String NAME_PREFIX = "moor-edge-";
    /** Where an edge offers its listening sockets to the one that replaces it. */
    static final String HANDOFF_SOCKET = "handoff.sock";
    private static final String LOG_LEVEL = "MOOR_LOG_LEVEL";
    private static final Logger log = LoggerFactory.getLogger(EdgeSupervisor.class);
    private static final long MEMORY_LIMIT = 512L << 20;
    private static final long PIDS_LIMIT = 256;
    private static final Duration STOP_GRACE = Duration.ofSeconds(35);
    /**
     * Where the directory of a file access log is mounted in the edge's container: a path of its own, so that a log
     * in, say, {@code /opt} cannot hide the image's own files.
     */
    static final String ACCESS_LOG_MOUNT = "/var/log/moor-edge";

    private final ContainerRuntime runtime;
    private final EdgeChannel channel;
    private final String owner;
    private final Path stateDirectory;
    private final EdgeSettingsTemplate template;
    private final List<Path> classPath;
    private final Clock clock;
    private final Consumer<String> progress;

    /**
     * The edge settings that do not depend on which container runs them.
     *
     * @param threads     event loops, 0 for one per processor
     * @param transport   auto, io_uring, epoll or nio
     * @param bindAddress where the apps' ports are bound
     * @param metricsPort loopback metrics port, 0 for none
     * @param accessLog   off, stdout or an absolute file path on the host (its directory is made and mounted into
     *                    the edge's container at {@link #ACCESS_LOG_MOUNT})
     * @param tlsProvider auto, openssl or jdk
     * @param cache       the sizes of the edge's shared cache
     */
    public record EdgeSettingsTemplate(int threads, String transport, String bindAddress, int metricsPort,
                                       String accessLog, String tlsProvider, EdgeSettings.CacheSizes cache) {}

    public EdgeSupervisor(ContainerRuntime runtime, EdgeChannel channel, String owner, Path stateDirectory,
                          EdgeSettingsTemplate template, List<Path> classPath, Clock clock, Consumer<String> progress) {
        this.runtime = runtime;
        this.channel = channel;
        this.owner = owner;
        this.stateDirectory = stateDirectory;
        this.template = template;
        this.classPath = List.copyOf(classPath);
        this.clock = clock;
        this.progress = progress;
    }

    /** The edge containers of this installation, newest first. */
    public List<ContainerInfo> containers() {
        return runtime.listContainers(Map.of(Labels.OWNER, owner, ROLE_LABEL, ROLE)).stream()
                .sorted(Comparator.comparing((ContainerInfo c) -> c.startedAt().orElse(Instant.EPOCH)).reversed())
                .toList();
    }

    /**
     * Starts an edge unless one runs (or restarts) already: a running edge of an older version is kept, since
     * replacing it is {@link #replace}'s job. Extra edge containers left by an interrupted replacement are removed.
     *
     * @return the edge container that serves
     */
    public ContainerInfo ensureRunning() {
        List<ContainerInfo> edges = containers();
        Optional<ContainerInfo> alive = edges.stream().filter(c -> c.state().isAlive()).findFirst();
        if (alive.isPresent()) {
            for (ContainerInfo extra : edges) {
                if (!extra.id().equals(alive.get().id()) && !extra.state().isAlive()) {
                    removeQuietly(extra);
                }
            }
            return alive.get();
        }
        String image = EdgeImage.ensure(runtime, classPath, progress);
        Optional<ContainerInfo> restarted = restartStopped(edges, image);
        if (restarted.isPresent()) {
            return restarted.get();
        }
        edges.forEach(this::removeQuietly);
        return start(image, progress);
    }

    /**
     * Starts again an edge container that stopped (killed, or crashed beyond Docker's restart policy) when it is of
     * this image and its settings are what this server would give a new one: faster than a new container, and it
     * serves its persisted snapshot at once.
     */
    private Optional<ContainerInfo> restartStopped(List<ContainerInfo> edges, String image) {
        if (edges.size() != 1 || !edges.getFirst().image().equals(image)) {
            return Optional.empty();
        }
        ContainerInfo stopped = edges.getFirst();
        Path settingsFile = settingsFile(stopped.name());
        try {
            if (!Files.exists(settingsFile)
                    || !EdgeSettings.read(settingsFile).equals(settings(stopped.name(), accessLogFile()))) {
                return Optional.empty();
            }
            runtime.startContainer(stopped.id());
        } catch (RuntimeException e) {
            // Docker's restart policy may have started it meanwhile: then it serves, and stays.
            Optional<ContainerInfo> now = runtime.inspectContainer(stopped.id()).filter(c -> c.state().isAlive());
            if (now.isEmpty()) {
                log.warn("cannot start the stopped edge container {} again ({}); replacing it", stopped.name(),
                        e.getMessage());
            }
            return now;
        }
        progress.accept("started the stopped edge " + stopped.name() + " again");
        log.info("edge container {} started again", stopped.name());
        return runtime.inspectContainer(stopped.id());
    }

    /**
     * Replaces the edge with one of this Moor's version: starts the new container, which inherits the old one's
     * listening sockets, waits until it serves the latest snapshot, then stops the old one (it finishes the
     * requests in flight first).
     *
     * @param timeout how long the new edge may take to connect and acknowledge
     * @param steps     hears each step, besides the server's log
     * @return the new edge container
     * @throws ContainerRuntimeException when the new edge does not come up in time; the old one keeps serving
     */
    public ContainerInfo replace(Duration timeout, Consumer<String> steps) throws InterruptedException {
        Consumer<String> report = progress.andThen(steps);
        List<ContainerInfo> old = containers().stream().filter(c -> c.state().isAlive()).toList();
        ContainerInfo next = start(EdgeImage.ensure(runtime, classPath, report), report);
        Instant deadline = clock.instant().plus(timeout);
        long version = channel.latest().map(snapshot -> snapshot.version()).orElse(0L);
        while (!servesLatest(next.name(), version)) {
            Optional<ContainerInfo> state = runtime.inspectContainer(next.id());
            if (state.isEmpty() || !state.get().state().isAlive() || clock.instant().isAfter(deadline)) {
                String why = state.map(c -> c.state().isAlive() ? "it did not serve snapshot " + version + " within "
                        + timeout.toSeconds() + " s" : "it exited with code " + c.exitCode()).orElse("it is gone");
                removeQuietly(next);
                throw new ContainerRuntimeException("the new edge " + next.name() + " did not take over: " + why
                        + "; the edge " + old.stream().map(ContainerInfo::name).findFirst().orElse("(none)")
                        + " keeps serving (moor logs --edge shows why)");
            }
            Thread.sleep(100);
        }
        report.accept("the edge " + next.name() + " serves snapshot " + version
                + (old.isEmpty() ? "" : ", on the listening sockets it took over"));
        for (ContainerInfo previous : old) {
            report.accept("stopping the previous edge " + previous.name() + " (it finishes its requests first)");
            try {
                runtime.stopContainer(previous.id(), STOP_GRACE);
            } finally {
                removeQuietly(previous);
            }
        }
        return next;
    }

    private boolean servesLatest(String edgeId, long version) {
        return channel.connections().stream().anyMatch(edge -> edge.edgeId().equals(edgeId)
                && edge.acknowledged().isPresent() && edge.acknowledged().getAsLong() >= version);
    }

    private ContainerInfo start(String image, Consumer<String> report) {
        String name = NAME_PREFIX + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
        Path settingsFile = settingsFile(name);
        Optional<Path> accessLogFile = accessLogFile();
        EdgeSettings settings = settings(name, accessLogFile);
        try {
            if (!Files.isDirectory(stateDirectory)) {
                // The edge keeps its snapshot here, with the keys of the HTTPS certificates.
                Files.createDirectories(stateDirectory, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            }
            settings.write(settingsFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the edge's settings " + settingsFile + ": " + e.getMessage(), e);
        }
        List<ContainerRequest.Mount> mounts = new ArrayList<>(List.of(bind(stateDirectory),
                bind(channel.settings().socket().getParent())));
        accessLogFile.ifPresent(file -> mounts.add(new ContainerRequest.Mount(ContainerRequest.Mount.Kind.BIND,
                file.getParent().toString(), ACCESS_LOG_MOUNT, false)));
        ContainerRequest request = new ContainerRequest(name, image, List.of(settingsFile.toString()), logLevel(),
                Map.of(Labels.OWNER, owner, ROLE_LABEL, ROLE), "host", List.of(), Optional.empty(), "127.0.0.1",
                Optional.empty(), MEMORY_LIMIT, PIDS_LIMIT, List.of("NET_BIND_SERVICE"), mounts, STOP_GRACE);
        String id = runtime.createContainer(request);
        runtime.startContainer(id);
        report.accept("started the edge " + name + " (" + image + ")");
        log.info("edge container {} started from {}", name, image);
        return runtime.inspectContainer(id).orElseThrow(() ->
                new ContainerRuntimeException("the edge container " + name + " vanished right after it started"));
    }

    /** The settings of the edge container {@code name}, as this server's configuration makes them. */
    private EdgeSettings settings(String name, Optional<Path> accessLogFile) {
        String accessLog = accessLogFile.map(file -> ACCESS_LOG_MOUNT + "/" + file.getFileName())
                .orElse(template.accessLog());
        return new EdgeSettings(name, template.threads(), template.transport(), template.bindAddress(),
                Optional.empty(), template.metricsPort(), accessLog, channel.settings().socket().toString(),
                channel.settings().tokenFile().toString(), stateDirectory.toString(),
                Optional.of(stateDirectory.resolve(HANDOFF_SOCKET).toString()), template.tlsProvider(), template.cache());
    }

    /** A file access log on the host, its directory made: the edge writes it there, and it outlives the container. */
    private Optional<Path> accessLogFile() {
        String accessLog = template.accessLog();
        if (accessLog.equals(EdgeSettings.ACCESS_LOG_OFF) || accessLog.equals(EdgeSettings.ACCESS_LOG_STDOUT)) {
            return Optional.empty();
        }
        Path file = Path.of(accessLog).toAbsolutePath().normalize();
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("edge.access_log: cannot make the directory " + file.getParent() + " of "
                    + file + ": " + e.getMessage(), e);
        }
        return Optional.of(file);
    }

    /** The server's log level reaches the edge: {@code MOOR_LOG_LEVEL=debug moor server run} debugs both. */
    private static Map<String, String> logLevel() {
        String level = System.getenv(LOG_LEVEL);
        return level == null || level.isBlank() ? Map.of() : Map.of(LOG_LEVEL, level);
    }

    private static ContainerRequest.Mount bind(Path directory) {
        return new ContainerRequest.Mount(ContainerRequest.Mount.Kind.BIND, directory.toString(), directory.toString(),
                false);
    }

    private void removeQuietly(ContainerInfo container) {
        try {
            runtime.removeContainer(container.id());
        } catch (ContainerRuntimeException e) {
            log.warn("cannot remove the edge container {}: {}", container.name(), e.getMessage());
            return;
        }
        Path settings = settingsFile(container.name());
        try {
            Files.deleteIfExists(settings);
        } catch (IOException e) {
            log.warn("cannot remove the settings {} of the edge that was {}: {}", settings, container.name(),
                    e.getMessage());
        }
    }

    private Path settingsFile(String edgeName) {
        return stateDirectory.resolve(edgeName + ".json");
    }
}

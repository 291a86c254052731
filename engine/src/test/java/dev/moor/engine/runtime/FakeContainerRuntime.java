package dev.moor.engine.runtime;

import java.io.Closeable;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * An in-memory {@link ContainerRuntime} for tests of the engine and the cli: every call takes effect at once and
 * is recorded, containers move between states only when asked (the restart policy acts only through
 * {@link #restartByPolicy} and {@link #startEngine}), and events and log lines reach subscribers synchronously, on
 * the thread that caused them, outside the runtime's lock. Thread-safe.
 *
 * <p>Faults: {@link #failCalls} makes chosen calls throw as an engine that does not answer would;
 * {@link #stopEngine} and {@link #startEngine} play a restart of the engine, with or without live-restore.
 *
 * <p>Images must exist to create a container from them: {@link #addImage} them or build them. Each container
 * gets a fake published address ({@code publishIp:32768}, {@code :32769}, ...) when its request has a port;
 * {@link #publishAt} points it at a real server instead.
 */
public final class FakeContainerRuntime implements ContainerRuntime {

    /** Exit code of a process ended by SIGKILL. */
    public static final int KILLED_EXIT_CODE = 137;
    /** Exit code of a process ended by SIGTERM, as from {@link #stopContainer}. */
    public static final int STOPPED_EXIT_CODE = 143;

    private final InstantSource clock;
    private final Object lock = new Object();
    private final Set<String> registry = new HashSet<>();
    private final List<String> pulls = new ArrayList<>();
    private final Map<String, FakeContainer> containers = new LinkedHashMap<>();
    private final Map<String, String> imageIdsByReference = new TreeMap<>();
    private final List<ImageBuild> builds = new ArrayList<>();
    private final Map<String, Map<String, String>> networks = new TreeMap<>();
    private final Map<String, Map<String, String>> volumes = new TreeMap<>();
    private final List<Subscription> subscriptions = new ArrayList<>();
    private int sequence;
    private int nextHostPort = 32768;
    private int creates;
    private int starts;
    private int stops;
    private int removes;
    private boolean closed;
    private Predicate<String> failing = call -> false;
    private final Set<String> stoppedWithTheEngine = new LinkedHashSet<>();

    public FakeContainerRuntime() {
        this(Clock.systemUTC());
    }

    /** @param clock stamps events and the start and finish times of containers */
    public FakeContainerRuntime(InstantSource clock) {
        this.clock = clock;
    }

    // ---- ContainerRuntime ----

    @Override
    public EngineInfo info() {
        synchronized (lock) {
            requireOpen("info");
            return new EngineInfo("fake", "1.41", "fake://memory", false);
        }
    }

    @Override
    public Optional<String> imageId(String reference) {
        synchronized (lock) {
            requireOpen("imageId");
            if (imageIdsByReference.containsValue(reference)) {
                return Optional.of(reference);
            }
            return Optional.ofNullable(imageIdsByReference.get(reference));
        }
    }

    @Override
    public void pullImage(String reference, Consumer<String> progress) {
        synchronized (lock) {
            requireOpen("pullImage");
            if (!registry.contains(reference)) {
                throw new ContainerRuntimeException("pull access denied for " + reference + ": repository does not exist");
            }
            pulls.add(reference);
        }
        progress.accept("Pulling from " + reference);
        addImage(reference);
    }

    /** Makes {@code reference} pullable, as if a registry had it. */
    public void addToRegistry(String reference) {
        synchronized (lock) {
            registry.add(reference);
        }
    }

    /** The references pulled so far. */
    public List<String> pulls() {
        synchronized (lock) {
            return List.copyOf(pulls);
        }
    }

    @Override
    public String buildImage(ImageBuild build, Consumer<String> progress) {
        String imageId;
        synchronized (lock) {
            requireOpen("buildImage");
            if (build.tags().isEmpty()) throw new ContainerRuntimeException("build of " + build.context() + ": no tag");
            builds.add(build);
            imageId = "sha256:" + hash("image-" + (++sequence));
            for (String tag : build.tags()) imageIdsByReference.put(tag, imageId);
        }
        progress.accept("Successfully built " + imageId.substring(7, 19));
        for (String tag : build.tags()) progress.accept("Successfully tagged " + tag);
        return imageId;
    }

    @Override
    public void ensureNetwork(String name, Map<String, String> labels) {
        synchronized (lock) {
            requireOpen("ensureNetwork");
            networks.putIfAbsent(name, Map.copyOf(labels));
        }
    }

    @Override
    public void removeNetwork(String name) {
        synchronized (lock) {
            requireOpen("removeNetwork");
            networks.remove(name);
        }
    }

    @Override
    public void ensureVolume(String name, Map<String, String> labels) {
        synchronized (lock) {
            requireOpen("ensureVolume");
            volumes.putIfAbsent(name, Map.copyOf(labels));
        }
    }

    @Override
    public List<ContainerInfo> listContainers(Map<String, String> labels) {
        synchronized (lock) {
            requireOpen("listContainers");
            return containers.values().stream()
                    .filter(c -> c.request.labels().entrySet().containsAll(labels.entrySet()))
                    .map(FakeContainer::info)
                    .toList();
        }
    }

    @Override
    public Optional<ContainerInfo> inspectContainer(String containerId) {
        synchronized (lock) {
            requireOpen("inspectContainer");
            return find(containerId).map(FakeContainer::info);
        }
    }

    @Override
    public String createContainer(ContainerRequest request) {
        FakeContainer container;
        synchronized (lock) {
            requireOpen("createContainer");
            if (containers.values().stream().anyMatch(c -> c.request.name().equals(request.name()))) {
                throw new ContainerRuntimeException("Conflict. The container name \"/" + request.name()
                        + "\" is already in use.");
            }
            String imageId = imageIdsByReference.containsValue(request.image())
                    ? request.image()
                    : imageIdsByReference.get(request.image());
            if (imageId == null) throw new ContainerRuntimeException("No such image: " + request.image());
            container = new FakeContainer(hash("container-" + (++sequence)), request, imageId);
            if (request.port().isPresent()) {
                container.publishedPort = new InetSocketAddress(request.publishIp(), nextHostPort++);
            }
            containers.put(container.id, container);
            creates++;
        }
        emit(container, "create");
        return container.id;
    }

    @Override
    public void copyFiles(String containerId, List<FileToCopy> files) {
        synchronized (lock) {
            requireOpen("copyFiles");
            require(containerId).files.addAll(files);
        }
    }

    @Override
    public void startContainer(String containerId) {
        FakeContainer container;
        synchronized (lock) {
            requireOpen("startContainer");
            container = require(containerId);
            starts++;
            if (container.state == ContainerState.RUNNING) return;
            container.state = ContainerState.RUNNING;
            container.startedAt = clock.instant();
            container.exitCode = 0;
        }
        emit(container, "start");
    }

    @Override
    public void stopContainer(String containerId, Duration grace) {
        FakeContainer container;
        synchronized (lock) {
            requireOpen("stopContainer");
            container = require(containerId);
            stops++;
            if (!container.state.isAlive()) return;
        }
        emit(container, "kill");
        end(container, STOPPED_EXIT_CODE);
        emit(container, "stop");
    }

    @Override
    public void removeContainer(String containerId) {
        FakeContainer container;
        boolean wasAlive;
        synchronized (lock) {
            requireOpen("removeContainer");
            Optional<FakeContainer> found = find(containerId);
            if (found.isEmpty()) return;
            container = found.get();
            wasAlive = container.state.isAlive();
            removes++;
        }
        if (wasAlive) end(container, KILLED_EXIT_CODE);
        synchronized (lock) {
            containers.remove(container.id);
        }
        emit(container, "destroy");
    }

    @Override
    public ExecResult exec(String containerId, List<String> argv, Duration timeout) {
        Function<List<String>, ExecResult> responder;
        synchronized (lock) {
            requireOpen("exec");
            FakeContainer container = require(containerId);
            if (container.state != ContainerState.RUNNING) {
                throw new ContainerRuntimeException("Container " + container.id + " is not running");
            }
            container.execs.add(List.copyOf(argv));
            responder = container.execResponder;
        }
        return responder.apply(List.copyOf(argv));
    }

    @Override
    public Closeable events(Map<String, String> labels, Consumer<ContainerEvent> listener,
                            Consumer<Throwable> onError) {
        Subscription subscription = new Subscription(Map.copyOf(labels), listener, onError);
        synchronized (lock) {
            requireOpen("events");
            subscriptions.add(subscription);
        }
        return () -> {
            synchronized (lock) {
                subscriptions.remove(subscription);
            }
        };
    }

    @Override
    public Closeable logs(String containerId, int tail, boolean follow, Consumer<LogLine> sink, Runnable onEnd) {
        LogFollower follower = new LogFollower(sink, onEnd);
        List<LogLine> backlog;
        boolean following;
        FakeContainer container;
        synchronized (lock) {
            requireOpen("logs");
            container = require(containerId);
            List<LogLine> all = container.logs;
            backlog = List.copyOf(tail < 0 || tail >= all.size() ? all : all.subList(all.size() - tail, all.size()));
            following = follow && container.state.isAlive();
            if (following) container.followers.add(follower);
        }
        backlog.forEach(sink);
        if (!following) follower.end();
        return () -> {
            synchronized (lock) {
                container.followers.remove(follower);
            }
            follower.end();
        };
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            subscriptions.clear();
        }
    }

    // ---- faults ----

    /**
     * From now on, each call whose name (the {@link ContainerRuntime} method: {@code "listContainers"},
     * {@code "removeContainer"}, ...) {@code which} accepts throws {@link ContainerRuntimeException} as an engine
     * that does not answer would, until the next call of this method; {@code call -> false} heals them all.
     */
    public void failCalls(Predicate<String> which) {
        synchronized (lock) {
            failing = which;
        }
    }

    /** Every call fails as if no engine answered, and every event stream breaks; {@link #reachable} ends it. */
    public void unreachable() {
        failCalls(call -> true);
        breakEventStreams(new ContainerRuntimeException("the event stream of the Docker engine at fake://memory broke:"
                + " Connection reset by peer"));
    }

    /** Calls answer again (what runs is unchanged). */
    public void reachable() {
        failCalls(call -> false);
    }

    /**
     * What dockerd does on SIGTERM: without live-restore it stops every running container (exit 143, a {@code die}
     * event each; its restart policy starts them again in {@link #startEngine}); with it they keep running. Then
     * the event streams break and no call answers.
     */
    public void stopEngine(boolean liveRestore) {
        List<FakeContainer> running;
        synchronized (lock) {
            running = containers.values().stream().filter(c -> c.state.isAlive()).toList();
        }
        if (!liveRestore) {
            for (FakeContainer container : running) {
                end(container, STOPPED_EXIT_CODE);
                synchronized (lock) {
                    stoppedWithTheEngine.add(container.id);
                }
            }
        }
        unreachable();
    }

    /**
     * The engine answers again, and its restart policy ({@code always}) starts each container it stopped in
     * {@link #stopEngine} that still exists and is not running: same id, a new start time, a {@code start} event.
     */
    public void startEngine() {
        List<String> restart;
        synchronized (lock) {
            restart = List.copyOf(stoppedWithTheEngine);
            stoppedWithTheEngine.clear();
        }
        // As dockerd does: the restart policy runs before the engine serves its API.
        for (String id : restart) {
            synchronized (lock) {
                FakeContainer container = containers.get(id);
                if (container == null || container.state.isAlive()) continue;
            }
            restartByPolicy(id);
        }
        reachable();
    }

    /**
     * The engine's restart policy starts an exited container again, as dockerd does after its restart or after the
     * process exited by itself: same id, a new start time, a {@code start} event.
     */
    public void restartByPolicy(String containerId) {
        FakeContainer container;
        synchronized (lock) {
            container = require(containerId);
            if (container.state.isAlive()) {
                throw new IllegalStateException("container " + container.id + " is " + container.state);
            }
            container.state = ContainerState.RUNNING;
            Instant now = clock.instant();
            // A restart is always a new start, even on a clock that stands still.
            container.startedAt = container.startedAt != null && !now.isAfter(container.startedAt)
                    ? container.startedAt.plusMillis(1) : now;
            container.exitCode = 0;
        }
        emit(container, "start");
    }

    /** How many event streams are open. */
    public int eventSubscribers() {
        synchronized (lock) {
            return subscriptions.size();
        }
    }

    // ---- test controls ----

    /** Makes an image exist under a reference, as if pulled or built earlier; returns its id. */
    public String addImage(String reference) {
        synchronized (lock) {
            return imageIdsByReference.computeIfAbsent(reference, r -> "sha256:" + hash("image-" + (++sequence)));
        }
    }

    /** The image is removed from the engine, as {@code docker rmi} would. */
    public void removeImage(String reference) {
        synchronized (lock) {
            imageIdsByReference.remove(reference);
        }
    }

    /** The process of a running container is killed (SIGKILL): it exits with 137 and a {@code die} event. */
    public void kill(String containerId) {
        crash(containerId, KILLED_EXIT_CODE);
    }

    /** The process of a running container exits by itself with the code, with a {@code die} event. */
    public void crash(String containerId, int exitCode) {
        FakeContainer container;
        synchronized (lock) {
            container = require(containerId);
            if (!container.state.isAlive()) {
                throw new IllegalStateException("container " + container.id + " is " + container.state);
            }
        }
        end(container, exitCode);
    }

    /** What {@link #exec} answers for the container from now on; by default exit code 0 and no output. */
    public void onExec(String containerId, Function<List<String>, ExecResult> responder) {
        synchronized (lock) {
            require(containerId).execResponder = responder;
        }
    }

    /** The commands {@link #exec} ran in the container, in order. */
    public List<List<String>> execs(String containerId) {
        synchronized (lock) {
            return List.copyOf(require(containerId).execs);
        }
    }

    /** The container prints a line: it is kept for {@link #logs} and sent to whoever follows them. */
    public void appendLog(String containerId, LogLine.Stream stream, String text) {
        List<LogFollower> followers;
        LogLine line;
        synchronized (lock) {
            FakeContainer container = require(containerId);
            line = new LogLine(container.id, stream, text);
            container.logs.add(line);
            followers = List.copyOf(container.followers);
        }
        followers.forEach(follower -> follower.sink.accept(line));
    }

    /** Points the container's published port at an address, e.g. a real server on loopback. */
    public void publishAt(String containerId, InetSocketAddress address) {
        synchronized (lock) {
            require(containerId).publishedPort = address;
        }
    }

    /** Breaks every event stream: each subscriber's {@code onError} is called once and it gets no more events. */
    public void breakEventStreams(Throwable cause) {
        List<Subscription> broken;
        synchronized (lock) {
            broken = List.copyOf(subscriptions);
            subscriptions.clear();
        }
        broken.forEach(subscription -> subscription.onError.accept(cause));
    }

    /** The request the container was created from. */
    public ContainerRequest request(String containerId) {
        synchronized (lock) {
            return require(containerId).request;
        }
    }

    /** The files copied into the container, in order. */
    public List<FileToCopy> copiedFiles(String containerId) {
        synchronized (lock) {
            return List.copyOf(require(containerId).files);
        }
    }

    public List<ImageBuild> builds() {
        synchronized (lock) {
            return List.copyOf(builds);
        }
    }

    public Set<String> networks() {
        synchronized (lock) {
            return new TreeSet<>(networks.keySet());
        }
    }

    public Set<String> volumes() {
        synchronized (lock) {
            return new TreeSet<>(volumes.keySet());
        }
    }

    public int creates() {
        synchronized (lock) {
            return creates;
        }
    }

    public int starts() {
        synchronized (lock) {
            return starts;
        }
    }

    public int stops() {
        synchronized (lock) {
            return stops;
        }
    }

    public int removes() {
        synchronized (lock) {
            return removes;
        }
    }

    public boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    // ---- internals ----

    /** Moves an alive container to EXITED, tells its log followers the stream ended, and emits {@code die}. */
    private void end(FakeContainer container, int exitCode) {
        List<LogFollower> followers;
        synchronized (lock) {
            container.state = ContainerState.EXITED;
            container.exitCode = exitCode;
            container.finishedAt = clock.instant();
            followers = List.copyOf(container.followers);
            container.followers.clear();
        }
        followers.forEach(LogFollower::end);
        emit(container, "die");
    }

    private void emit(FakeContainer container, String action) {
        ContainerEvent event = new ContainerEvent(container.id, action, container.request.labels(), clock.instant());
        List<Subscription> receivers;
        synchronized (lock) {
            receivers = subscriptions.stream()
                    .filter(s -> event.labels().entrySet().containsAll(s.labels.entrySet()))
                    .toList();
        }
        receivers.forEach(subscription -> subscription.listener.accept(event));
    }

    /** By full id, by name, or by a unique prefix of the id, as Docker resolves them. Holds the lock. */
    private Optional<FakeContainer> find(String idOrName) {
        FakeContainer byId = containers.get(idOrName);
        if (byId != null) return Optional.of(byId);
        Optional<FakeContainer> byName = containers.values().stream()
                .filter(c -> c.request.name().equals(idOrName))
                .findFirst();
        if (byName.isPresent()) return byName;
        List<FakeContainer> byPrefix = containers.values().stream()
                .filter(c -> !idOrName.isEmpty() && c.id.startsWith(idOrName))
                .toList();
        return byPrefix.size() == 1 ? Optional.of(byPrefix.getFirst()) : Optional.empty();
    }

    private FakeContainer require(String idOrName) {
        return find(idOrName).orElseThrow(() -> new ContainerRuntimeException("No such container: " + idOrName));
    }

    /** Holds the lock. */
    private void requireOpen(String call) {
        if (closed) throw new ContainerRuntimeException("the container runtime is closed");
        if (failing.test(call)) {
            throw new ContainerRuntimeException(call + ": the Docker engine at fake://memory did not answer"
                    + " (Connection refused)");
        }
    }

    private static String hash(String seed) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static final class FakeContainer {
        final String id;
        final ContainerRequest request;
        final String imageId;
        final List<FileToCopy> files = new ArrayList<>();
        final List<LogLine> logs = new ArrayList<>();
        final List<LogFollower> followers = new ArrayList<>();
        final List<List<String>> execs = new ArrayList<>();
        // As a shell would: the command false fails, every other command succeeds.
        Function<List<String>, ExecResult> execResponder =
                argv -> new ExecResult(argv.equals(List.of("false")) ? 1 : 0, "");
        ContainerState state = ContainerState.CREATED;
        Instant startedAt;
        Instant finishedAt;
        int exitCode;
        InetSocketAddress publishedPort;

        FakeContainer(String id, ContainerRequest request, String imageId) {
            this.id = id;
            this.request = request;
            this.imageId = imageId;
        }

        ContainerInfo info() {
            return new ContainerInfo(id, request.name(), request.image(), imageId, request.labels(), state,
                    Optional.ofNullable(startedAt), Optional.ofNullable(finishedAt), exitCode,
                    Optional.ofNullable(publishedPort));
        }
    }

    private record Subscription(Map<String, String> labels, Consumer<ContainerEvent> listener,
                                Consumer<Throwable> onError) {}

    private static final class LogFollower {
        final Consumer<LogLine> sink;
        final Runnable onEnd;
        final AtomicBoolean ended = new AtomicBoolean();

        LogFollower(Consumer<LogLine> sink, Runnable onEnd) {
            this.sink = sink;
            this.onEnd = onEnd;
        }

        void end() {
            if (ended.compareAndSet(false, true)) onEnd.run();
        }
    }
}

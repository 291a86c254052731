package dev.moor.engine.runtime;

import java.io.Closeable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The container engine of one host, as the engine sees it. The only implementation that talks to a real
 * engine lives in the docker module; tests use a fake. Every method may throw
 * {@link ContainerRuntimeException} with a message fit for the user.
 *
 * <p>Every container is created hardened: {@code no-new-privileges}, all capabilities dropped but the
 * request's, the request's memory and pids limits, and restart policy {@code always} so that replicas
 * outlive Moor itself.
 */
public interface ContainerRuntime extends AutoCloseable {

    /** The engine's version and API version, e.g. to print at start. */
    EngineInfo info();

    /** The id ({@code sha256:…}) of the image a reference (tag or id) names on this engine, empty when it has none. */
    Optional<String> imageId(String reference);

    /**
     * Pulls an image from its registry.
     *
     * @param progress receives the pull's status lines as they arrive
     * @throws ContainerRuntimeException when the registry cannot be reached or has no such image
     */
    void pullImage(String reference, Consumer<String> progress);

    /**
     * Builds an image from a context directory and tags it.
     *
     * @param progress receives the build output, line by line, as it streams
     * @return the image id
     */
    String buildImage(ImageBuild build, Consumer<String> progress);

    /** Creates a bridge network unless one of that name exists. */
    void ensureNetwork(String name, Map<String, String> labels);

    /** Removes a network; nothing happens when it does not exist. */
    void removeNetwork(String name);

    /** Creates a named volume unless one of that name exists. */
    void ensureVolume(String name, Map<String, String> labels);

    /** Every container, in any state, that carries all the given labels. */
    List<ContainerInfo> listContainers(Map<String, String> labels);

    Optional<ContainerInfo> inspectContainer(String containerId);

    /** Creates a container (not started) and returns its id. */
    String createContainer(ContainerRequest request);

    /** Writes files into a created container before it starts. */
    void copyFiles(String containerId, List<FileToCopy> files);

    void startContainer(String containerId);

    /** Sends SIGTERM, then SIGKILL after {@code grace}. Nothing happens when it is not running. */
    void stopContainer(String containerId, Duration grace);

    /** Removes a container in any state, with its anonymous volumes; nothing happens when it is gone. */
    void removeContainer(String containerId);

    /** Runs a command inside a running container and waits for it, at most {@code timeout}. */
    ExecResult exec(String containerId, List<String> argv, Duration timeout);

    /**
     * Streams the events of containers carrying all the given labels until the returned handle is closed.
     * {@code onError} is called once if the stream breaks; the caller re-subscribes.
     */
    Closeable events(Map<String, String> labels, Consumer<ContainerEvent> listener, Consumer<Throwable> onError);

    /**
     * Streams a container's log to {@code sink}: the last {@code tail} lines, then, when {@code follow},
     * new lines until the handle is closed or the container stops. {@code onEnd} runs once when the stream ends.
     */
    Closeable logs(String containerId, int tail, boolean follow, Consumer<LogLine> sink, Runnable onEnd);

    @Override
    void close();
}

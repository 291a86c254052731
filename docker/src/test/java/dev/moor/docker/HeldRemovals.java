package dev.moor.docker;

import dev.moor.engine.runtime.ContainerEvent;
import dev.moor.engine.runtime.ContainerInfo;
import dev.moor.engine.runtime.ContainerRequest;
import dev.moor.engine.runtime.ContainerRuntime;
import dev.moor.engine.runtime.ContainerRuntimeException;
import dev.moor.engine.runtime.EngineInfo;
import dev.moor.engine.runtime.ExecResult;
import dev.moor.engine.runtime.FileToCopy;
import dev.moor.engine.runtime.ImageBuild;
import dev.moor.engine.runtime.LogLine;

import java.io.Closeable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A runtime whose stops and removals wait until {@link #release} (at most a minute), then go to the engine: run
 * across an engine restart, they reach it only once it has gone away, as a slow removal would. Everything else
 * goes to the engine at once.
 */
final class HeldRemovals implements ContainerRuntime {

    private static final Duration MOST = Duration.ofMinutes(1);

    private final ContainerRuntime engine;
    private final CountDownLatch released = new CountDownLatch(1);

    HeldRemovals(ContainerRuntime engine) {
        this.engine = engine;
    }

    /** The held calls, and every later one, go to the engine. */
    void release() {
        released.countDown();
    }

    private void hold(String what) {
        try {
            if (!released.await(MOST.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new ContainerRuntimeException(what + ": held for " + MOST.toSeconds() + " s and never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerRuntimeException(what + ": interrupted", e);
        }
    }

    @Override
    public void stopContainer(String containerId, Duration grace) {
        hold("stop container " + containerId);
        engine.stopContainer(containerId, grace);
    }

    @Override
    public void removeContainer(String containerId) {
        hold("remove container " + containerId);
        engine.removeContainer(containerId);
    }

    @Override
    public EngineInfo info() {
        return engine.info();
    }

    @Override
    public Optional<String> imageId(String reference) {
        return engine.imageId(reference);
    }

    @Override
    public void pullImage(String reference, Consumer<String> progress) {
        engine.pullImage(reference, progress);
    }

    @Override
    public String buildImage(ImageBuild build, Consumer<String> progress) {
        return engine.buildImage(build, progress);
    }

    @Override
    public void ensureNetwork(String name, Map<String, String> labels) {
        engine.ensureNetwork(name, labels);
    }

    @Override
    public void removeNetwork(String name) {
        engine.removeNetwork(name);
    }

    @Override
    public void ensureVolume(String name, Map<String, String> labels) {
        engine.ensureVolume(name, labels);
    }

    @Override
    public List<ContainerInfo> listContainers(Map<String, String> labels) {
        return engine.listContainers(labels);
    }

    @Override
    public Optional<ContainerInfo> inspectContainer(String containerId) {
        return engine.inspectContainer(containerId);
    }

    @Override
    public String createContainer(ContainerRequest request) {
        return engine.createContainer(request);
    }

    @Override
    public void copyFiles(String containerId, List<FileToCopy> files) {
        engine.copyFiles(containerId, files);
    }

    @Override
    public void startContainer(String containerId) {
        engine.startContainer(containerId);
    }

    @Override
    public ExecResult exec(String containerId, List<String> argv, Duration timeout) {
        return engine.exec(containerId, argv, timeout);
    }

    @Override
    public Closeable events(Map<String, String> labels, Consumer<ContainerEvent> listener, Consumer<Throwable> onError) {
        return engine.events(labels, listener, onError);
    }

    @Override
    public Closeable logs(String containerId, int tail, boolean follow, Consumer<LogLine> sink, Runnable onEnd) {
        return engine.logs(containerId, tail, follow, sink, onEnd);
    }

    @Override
    public void close() {
        release();
    }
}

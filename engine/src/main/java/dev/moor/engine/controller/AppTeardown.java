package dev.moor.engine.controller;

import dev.moor.engine.replica.Labels;
import dev.moor.engine.replica.ResourceNames;
import dev.moor.engine.runtime.ContainerInfo;
import dev.moor.engine.runtime.ContainerRuntime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** {@code moor down}: stops and removes every container of an app, then its network. Volumes are kept. */
public final class AppTeardown {
    private AppTeardown() {}

    /** @return the containers removed */
    public static List<ContainerInfo> remove(ContainerRuntime runtime, String ownerId, String app, Duration stopGrace) {
        List<ContainerInfo> containers = runtime.listContainers(Labels.ofApp(ownerId, app));
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> stops = new ArrayList<>();
            for (ContainerInfo container : containers) {
                stops.add(executor.submit(() -> {
                    runtime.stopContainer(container.id(), stopGrace);
                    runtime.removeContainer(container.id());
                }));
            }
            for (Future<?> stop : stops) {
                stop.get();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtimeException) {
                throw runtimeException;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while removing the containers of " + app, e);
        }
        runtime.removeNetwork(ResourceNames.network(app));
        return containers;
    }
}

package dev.moor.engine.controller;

import dev.moor.engine.replica.Labels;
import dev.moor.engine.replica.ResourceNames;
import dev.moor.engine.runtime.ContainerInfo;
import dev.moor.engine.runtime.ContainerRuntime;
import dev.moor.engine.runtime.ContainerRuntimeException;
import dev.moor.engine.store.Store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Removes the containers of apps that no spec owns any more: labelled by this installation, for an app that
 * is not registered in the store, or whose registered spec file is gone or now names another app (renamed).
 * An app must stay unowned for the grace period before its containers go, so a spec being edited or an app
 * being brought up elsewhere in this installation is never cut short.
 */
final class OrphanCollector {
    private static final Logger log = LoggerFactory.getLogger(OrphanCollector.class);

    interface EventSink {
        void event(String kind, String service, int replica, String container, String message);
    }

    private final ContainerRuntime runtime;
    private final Store store;
    private final String ownerId;
    private final String selfApp;
    private final Duration grace;
    private final Function<Path, Optional<String>> specAppName;
    private final EventSink events;
    private final Map<String, Instant> unownedSince = new HashMap<>();

    OrphanCollector(ContainerRuntime runtime, Store store, String ownerId, String selfApp, Duration grace,
                    Function<Path, Optional<String>> specAppName, EventSink events) {
        this.runtime = runtime;
        this.store = store;
        this.ownerId = ownerId;
        this.selfApp = selfApp;
        this.grace = grace;
        this.specAppName = specAppName;
        this.events = events;
    }

    void collect(Instant now) {
        List<ContainerInfo> all = runtime.listContainers(Labels.ofOwner(ownerId));
        Map<String, List<ContainerInfo>> byApp = all.stream()
                .filter(c -> c.labels().containsKey(Labels.APP))
                .collect(Collectors.groupingBy(c -> c.labels().get(Labels.APP)));
        Set<String> unowned = unownedApps(byApp.keySet(), selfApp, store.apps(), specAppName);
        unownedSince.keySet().retainAll(unowned);
        for (String app : unowned) {
            Instant since = unownedSince.computeIfAbsent(app, a -> now);
            if (Duration.between(since, now).compareTo(grace) < 0) {
                continue;
            }
            for (ContainerInfo container : byApp.get(app)) {
                events.event("orphan.removed", container.labels().getOrDefault(Labels.SERVICE, ""), -1,
                        container.shortId(), "removing " + container.name() + ": no spec owns app " + app);
                try {
                    runtime.removeContainer(container.id());
                } catch (ContainerRuntimeException e) {
                    log.warn("cannot remove orphan {}: {}", container.name(), e.getMessage());
                }
            }
            try {
                runtime.removeNetwork(ResourceNames.network(app));
            } catch (ContainerRuntimeException e) {
                log.warn("cannot remove the network of orphan app {}: {}", app, e.getMessage());
            }
            unownedSince.remove(app);
        }
    }

    /** The apps among {@code seen} that no spec owns. Pure, so it is tested on its own. */
    static Set<String> unownedApps(Set<String> seen, String selfApp, Map<String, Path> registered,
                                   Function<Path, Optional<String>> specAppName) {
        Set<String> unowned = new TreeSet<>();
        for (String app : seen) {
            if (app.equals(selfApp)) {
                continue;
            }
            Path spec = registered.get(app);
            if (spec == null || !specAppName.apply(spec).map(app::equals).orElse(false)) {
                unowned.add(app);
            }
        }
        return unowned;
    }
}

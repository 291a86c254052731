package dev.moor.engine.controller;

import dev.moor.engine.replica.Labels;
import dev.moor.engine.replica.ResourceNames;
import dev.moor.engine.runtime.ContainerInfo;
import dev.moor.engine.runtime.ContainerRuntime;
import dev.moor.engine.runtime.ContainerRuntimeException;
import dev.moor.engine.store.Store;
import dev.moor.engine.store.StoredEvent;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Removes the containers and networks of apps that no registration owns any more: labelled by this installation,
 * for an app the store does not list (it was taken down while a replica was being created, or by another Moor of
 * this installation). An app must stay unowned for the grace period before its containers go, so an app being
 * registered right now is never cut short.
 */
public final class OrphanCollector {
    private static final Logger log = LoggerFactory.getLogger(OrphanCollector.class);

    private final ContainerRuntime runtime;
    private final Store store;
    private final String ownerId;
    private final Duration grace;
    private final Clock clock;
    private final Map<String, Instant> unownedSince = new HashMap<>();

    public OrphanCollector(ContainerRuntime runtime, Store store, String ownerId, Duration grace, Clock clock) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("orphan grace: " + grace + " (expected: >= 0)");
        }
        this.runtime = runtime;
        this.store = store;
        this.ownerId = ownerId;
        this.grace = grace;
        this.clock = clock;
    }

    /** One pass: notes newly unowned apps, removes those unowned for longer than the grace. */
    public synchronized void collect() {
        Instant now = clock.instant();
        List<ContainerInfo> all = runtime.listContainers(Labels.ofOwner(ownerId));
        Map<String, List<ContainerInfo>> byApp = all.stream()
                .filter(c -> c.labels().containsKey(Labels.APP))
                .collect(Collectors.groupingBy(c -> c.labels().get(Labels.APP)));
        Set<String> unowned = unownedApps(byApp.keySet(), store.apps().keySet());
        unownedSince.keySet().retainAll(unowned);
        for (String app : unowned) {
            Instant since = unownedSince.computeIfAbsent(app, a -> now);
            if (Duration.between(since, now).compareTo(grace) < 0) {
                continue;
            }
            for (ContainerInfo container : byApp.get(app)) {
                store.append(new StoredEvent(0, app, now, "orphan.removed",
                        container.labels().getOrDefault(Labels.SERVICE, ""), -1, container.shortId(),
                        "removing " + container.name() + ": no registered app " + app));
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

    /** The apps among {@code seen} that are not registered. Pure, so it is tested on its own. */
    static Set<String> unownedApps(Set<String> seen, Set<String> registered) {
        Set<String> unowned = new TreeSet<>(seen);
        unowned.removeAll(registered);
        return unowned;
    }
}

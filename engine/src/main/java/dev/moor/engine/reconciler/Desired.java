package dev.moor.engine.reconciler;

import java.util.Map;

/**
 * The desired state of an app: one accepted revision, resolved to config hashes.
 *
 * @param app      the app name
 * @param revision the revision number
 * @param services the services, by name
 */
public record Desired(String app, long revision, Map<String, DesiredService> services) {
    public Desired {
        services = Map.copyOf(services);
    }
}

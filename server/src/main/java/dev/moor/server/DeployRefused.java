package dev.moor.server;

import java.util.List;

/** A deploy refused before anything changed: its spec collides with another app's, or its port is taken. */
public final class DeployRefused extends RuntimeException {
    private final List<String> reasons;

    public DeployRefused(String app, List<String> reasons) {
        super("deploy of app " + app + " refused, nothing changed: " + String.join("; ", reasons));
        this.reasons = List.copyOf(reasons);
    }

    public List<String> reasons() {
        return reasons;
    }
}

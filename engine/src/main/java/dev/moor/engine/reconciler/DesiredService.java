package dev.moor.engine.reconciler;

/**
 * What one service should look like.
 *
 * @param name       the service name
 * @param replicas   how many replicas should run
 * @param configHash identifies everything a replica is created from (image id, command, env, limits, ...):
 *                   a replica with another hash is outdated and is replaced
 * @param maxSurge   how many replicas above {@code replicas} may run while outdated ones are replaced
 */
public record DesiredService(String name, int replicas, String configHash, int maxSurge) {
    public DesiredService {
        if (replicas < 0) throw new IllegalArgumentException("replicas: " + replicas + " (expected: >= 0)");
        if (maxSurge < 1) throw new IllegalArgumentException("maxSurge: " + maxSurge + " (expected: >= 1)");
    }
}

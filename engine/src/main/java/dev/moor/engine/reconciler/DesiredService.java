package dev.moor.engine.reconciler;

/**
 * What one service should look like.
 *
 * @param name           the service name
 * @param replicas       how many replicas should run
 * @param configHash     identifies everything a replica is created from (image id, command, env, limits, ...):
 *                       a replica with another hash is outdated and is replaced
 * @param maxSurge       how many replicas above {@code replicas} may run while outdated ones are replaced
 * @param maxUnavailable how many slots may lack a healthy replica while outdated ones are replaced: healthy outdated
 *                       replicas are taken out before their replacement is healthy up to that many (never the
 *                       service's last healthy one)
 * @param retainOutdated whether outdated replicas in the slots stay even once their replacement is healthy (a
 *                       blue-green move, and the time its previous set is kept after the switch)
 */
public record DesiredService(String name, int replicas, String configHash, int maxSurge, int maxUnavailable,
                             boolean retainOutdated) {
    public DesiredService {
        if (replicas < 0) throw new IllegalArgumentException("replicas: " + replicas + " (expected: >= 0)");
        if (maxSurge < 0 || maxUnavailable < 0 || maxSurge + maxUnavailable < 1) {
            throw new IllegalArgumentException("maxSurge: " + maxSurge + ", maxUnavailable: " + maxUnavailable
                    + " (expected: both >= 0, at least one of them > 0)");
        }
    }

    /** A rolling service: outdated replicas leave once their replacement is healthy. */
    public DesiredService(String name, int replicas, String configHash, int maxSurge, int maxUnavailable) {
        this(name, replicas, configHash, maxSurge, maxUnavailable, false);
    }
}

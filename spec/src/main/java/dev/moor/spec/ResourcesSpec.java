package dev.moor.spec;

import java.util.Optional;

/**
 * Limits of each replica. Memory and pids are always limited (hardened by default); CPU only when set.
 *
 * @param cpus        CPU share, e.g. 0.5 for half a core
 * @param memoryBytes memory limit in bytes
 * @param pids        the most processes and threads a replica may run
 */
public record ResourcesSpec(Optional<Double> cpus, long memoryBytes, long pids) {
    public static final long DEFAULT_MEMORY_BYTES = 512L * 1024 * 1024;
    public static final long DEFAULT_PIDS = 512;

    public static ResourcesSpec defaults() {
        return new ResourcesSpec(Optional.empty(), DEFAULT_MEMORY_BYTES, DEFAULT_PIDS);
    }
}

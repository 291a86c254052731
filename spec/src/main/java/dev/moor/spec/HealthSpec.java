package dev.moor.spec;

import java.time.Duration;
import java.util.List;

/**
 * The active health probe of a service's replicas.
 *
 * @param check              what to probe
 * @param interval           time between probes
 * @param timeout            how long one probe may take
 * @param healthyThreshold   consecutive successes that make a replica healthy
 * @param unhealthyThreshold consecutive failures that make a replica unhealthy
 * @param startGrace         time after start during which failures do not count
 */
public record HealthSpec(Check check, Duration interval, Duration timeout, int healthyThreshold,
                         int unhealthyThreshold, Duration startGrace) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    public static final int DEFAULT_HEALTHY_THRESHOLD = 1;
    public static final int DEFAULT_UNHEALTHY_THRESHOLD = 3;
    public static final Duration DEFAULT_START_GRACE = Duration.ofSeconds(30);

    /** What a probe does. */
    public sealed interface Check {
        /** GET of {@code path} on the replica's port; 2xx and 3xx are healthy. */
        record Http(String path) implements Check {}

        /** A TCP connection to the replica's port. */
        record Tcp() implements Check {}

        /** A command run inside the replica; exit code 0 is healthy. */
        record Command(List<String> argv) implements Check {
            public Command {
                argv = List.copyOf(argv);
            }
        }
    }
}

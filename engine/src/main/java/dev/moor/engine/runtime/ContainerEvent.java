package dev.moor.engine.runtime;

import java.time.Instant;
import java.util.Map;

/**
 * An event of the engine about a container.
 *
 * @param containerId the container
 * @param action      Docker's action word: {@code create}, {@code start}, {@code die}, {@code kill},
 *                    {@code stop}, {@code destroy}, {@code oom}, {@code health_status: healthy}, ...
 * @param labels      the container's labels
 * @param time        when it happened
 */
public record ContainerEvent(String containerId, String action, Map<String, String> labels, Instant time) {
    public ContainerEvent {
        labels = Map.copyOf(labels);
    }
}

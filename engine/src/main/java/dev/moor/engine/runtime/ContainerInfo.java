package dev.moor.engine.runtime;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A container as the engine reports it.
 *
 * @param id            the full container id
 * @param name          the name, without a leading '/'
 * @param image         the image reference it was created from
 * @param imageId       the image id
 * @param labels        its labels
 * @param state         its state
 * @param startedAt     when it last started, if ever
 * @param finishedAt    when it last stopped, if ever
 * @param exitCode      its last exit code
 * @param publishedPort the host address its first published port is reachable at
 */
public record ContainerInfo(
        String id,
        String name,
        String image,
        String imageId,
        Map<String, String> labels,
        ContainerState state,
        Optional<Instant> startedAt,
        Optional<Instant> finishedAt,
        int exitCode,
        Optional<InetSocketAddress> publishedPort) {

    public ContainerInfo {
        labels = Map.copyOf(labels);
    }

    public String shortId() {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}

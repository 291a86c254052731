package dev.moor.engine.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A container to create.
 *
 * @param name           the container name
 * @param image          the image reference or id
 * @param command        the command, empty for the image's default
 * @param env            environment variables
 * @param labels         labels
 * @param network        the network to attach it to
 * @param networkAliases DNS names on that network (the service name)
 * @param port           the container port to publish on a random host port
 * @param publishIp      the host address to publish it on
 * @param cpus           CPU limit, e.g. 0.5
 * @param memoryBytes    memory limit
 * @param pids           process and thread limit
 * @param capabilities   capabilities kept; all others are dropped
 * @param mounts         volumes and host directories
 * @param stopGrace      time between SIGTERM and SIGKILL when the engine stops it
 */
public record ContainerRequest(
        String name,
        String image,
        List<String> command,
        Map<String, String> env,
        Map<String, String> labels,
        String network,
        List<String> networkAliases,
        Optional<Integer> port,
        String publishIp,
        Optional<Double> cpus,
        long memoryBytes,
        long pids,
        List<String> capabilities,
        List<Mount> mounts,
        Duration stopGrace) {

    public ContainerRequest {
        command = List.copyOf(command);
        env = Map.copyOf(env);
        labels = Map.copyOf(labels);
        networkAliases = List.copyOf(networkAliases);
        capabilities = List.copyOf(capabilities);
        mounts = List.copyOf(mounts);
    }

    /** A named volume or a host directory mounted into the container. */
    public record Mount(Kind kind, String source, String target, boolean readOnly) {
        public enum Kind { VOLUME, BIND }
    }
}

package dev.moor.spec;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One service of an app: how to get its image and how to run its replicas.
 *
 * @param name         the service name (also its DNS name on the app's network)
 * @param image        the image to run; with {@code build}, the tag the built image also gets
 * @param build        how to build the image, when the service is built from a context
 * @param replicas     how many replicas to keep running (0 or more)
 * @param port         the container port the service listens on, published on a random host port
 * @param publishIp    the host address the port is published on ({@code 127.0.0.1} unless set)
 * @param command      the command that replaces the image's default, empty to keep the image's
 * @param env          environment variables (never secrets)
 * @param secrets      secrets mounted as files under {@code /run/secrets}
 * @param volumes      named volumes and host directories mounted into every replica
 * @param resources    limits of every replica
 * @param capabilities the Linux capabilities kept; every other one is dropped
 * @param health       how replicas are probed, when the spec says
 * @param stopGrace    how long a replica may take to stop after SIGTERM before it is killed
 * @param deploy       how it moves to a new revision
 */
public record ServiceSpec(
        String name,
        Optional<String> image,
        Optional<BuildSpec> build,
        int replicas,
        Optional<Integer> port,
        String publishIp,
        List<String> command,
        Map<String, String> env,
        List<SecretSpec> secrets,
        List<VolumeSpec> volumes,
        ResourcesSpec resources,
        List<String> capabilities,
        Optional<HealthSpec> health,
        Duration stopGrace,
        DeploySpec deploy) {

    public static final int DEFAULT_REPLICAS = 1;
    public static final String DEFAULT_PUBLISH_IP = "127.0.0.1";
    public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(10);

    public ServiceSpec {
        command = List.copyOf(command);
        env = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(env));
        secrets = List.copyOf(secrets);
        volumes = List.copyOf(volumes);
        capabilities = List.copyOf(capabilities);
    }

    /** The same service with another replica count (for {@code moor scale}). */
    public ServiceSpec withReplicas(int newReplicas) {
        return new ServiceSpec(name, image, build, newReplicas, port, publishIp, command, env, secrets, volumes,
                resources, capabilities, health, stopGrace, deploy);
    }

    /** A service that deploys as {@link DeploySpec#defaults()} does. */
    public ServiceSpec(String name, Optional<String> image, Optional<BuildSpec> build, int replicas, Optional<Integer> port,
                       String publishIp, List<String> command, Map<String, String> env, List<SecretSpec> secrets,
                       List<VolumeSpec> volumes, ResourcesSpec resources, List<String> capabilities,
                       Optional<HealthSpec> health, Duration stopGrace) {
        this(name, image, build, replicas, port, publishIp, command, env, secrets, volumes, resources, capabilities,
                health, stopGrace, DeploySpec.defaults());
    }
}

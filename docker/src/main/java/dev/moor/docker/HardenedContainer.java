package dev.moor.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import dev.moor.engine.runtime.ContainerRequest;
import dev.moor.engine.runtime.ContainerRuntimeException;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The create command of a container as Moor runs every one: least privilege, bounded, always restarted. */
final class HardenedContainer {

    static final String NO_NEW_PRIVILEGES = "no-new-privileges:true";
    static final String JSON_FILE = "json-file";
    /**
     * Docker's json-file driver keeps a container's output forever by default: an edge logging every request would
     * fill the disk. Like Kamal, Moor rotates it (here 5 files of 10 MB: what {@code moor logs} can show).
     */
    static final Map<String, String> JSON_FILE_ROTATION = Map.of("max-size", "10m", "max-file", "5");

    private HardenedContainer() {}

    /**
     * @param logDriver the engine's default logging driver; another one than json-file is left as the operator
     *                  configured it
     */
    static CreateContainerCmd command(DockerClient client, ContainerRequest request, String logDriver) {
        HostConfig host = HostConfig.newHostConfig()
                .withSecurityOpts(List.of(NO_NEW_PRIVILEGES))
                .withCapDrop(Capability.ALL)
                .withCapAdd(capabilities(request.capabilities()))
                .withRestartPolicy(RestartPolicy.alwaysRestart())
                .withNetworkMode(request.network())
                .withMounts(request.mounts().stream().map(HardenedContainer::mount).toList());
        if (request.memoryBytes() > 0) {
            // Swap equal to memory means no swap: the limit is the limit.
            host.withMemory(request.memoryBytes()).withMemorySwap(request.memoryBytes());
        }
        if (request.pids() > 0) {
            host.withPidsLimit(request.pids());
        }
        request.cpus().ifPresent(cpus -> host.withNanoCPUs(Math.round(cpus * 1_000_000_000d)));
        if (logDriver.equals(JSON_FILE)) {
            host.withLogConfig(new LogConfig(LogConfig.LoggingType.JSON_FILE, JSON_FILE_ROTATION));
        }
        CreateContainerCmd create = client.createContainerCmd(request.image())
                .withName(request.name())
                .withEnv(request.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted().toList())
                .withLabels(request.labels())
                .withStopTimeout(seconds(request.stopGrace()))
                .withHostConfig(host);
        request.port().ifPresent(port -> {
            ExposedPort exposed = ExposedPort.tcp(port);
            create.withExposedPorts(exposed);
            host.withPortBindings(new PortBinding(Ports.Binding.bindIp(request.publishIp()), exposed));
        });
        if (!request.command().isEmpty()) {
            create.withCmd(request.command());
        }
        if (!request.networkAliases().isEmpty()) {
            create.withAliases(request.networkAliases());
        }
        return create;
    }

    /** Docker counts stop timeouts in whole seconds; a fraction rounds up so the grace is never shorter. */
    static int seconds(Duration duration) {
        long millis = Math.max(0, duration.toMillis());
        return Math.toIntExact((millis + 999) / 1000);
    }

    private static Capability[] capabilities(List<String> names) {
        return names.stream().map(name -> {
            String normalized = name.strip().toUpperCase(Locale.ROOT);
            try {
                Capability capability = Capability.fromValue(normalized);
                if (capability == Capability.ALL) {
                    throw new ContainerRuntimeException("capability ALL cannot be kept: Moor drops all and keeps named ones");
                }
                return capability;
            } catch (IllegalArgumentException e) {
                throw new ContainerRuntimeException("unknown capability: " + name + " (expected a Linux capability such as NET_BIND_SERVICE)");
            }
        }).toArray(Capability[]::new);
    }

    private static Mount mount(ContainerRequest.Mount mount) {
        return new Mount()
                .withType(mount.kind() == ContainerRequest.Mount.Kind.VOLUME ? MountType.VOLUME : MountType.BIND)
                .withSource(mount.source())
                .withTarget(mount.target())
                .withReadOnly(mount.readOnly());
    }
}

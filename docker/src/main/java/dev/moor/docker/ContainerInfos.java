package dev.moor.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ContainerConfig;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.NetworkSettings;
import com.github.dockerjava.api.model.Ports;
import dev.moor.engine.runtime.ContainerInfo;
import dev.moor.engine.runtime.ContainerState;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/** Reads Docker's inspect answer into a {@link ContainerInfo}. */
final class ContainerInfos {

    /** Docker writes Go's zero time for "never". */
    private static final Instant DOCKER_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

    private ContainerInfos() {}

    static ContainerInfo from(InspectContainerResponse inspect) {
        ContainerConfig config = inspect.getConfig();
        InspectContainerResponse.ContainerState state = inspect.getState();
        Map<String, String> labels = config == null || config.getLabels() == null ? Map.of() : config.getLabels();
        Long exitCode = state.getExitCodeLong();
        NetworkSettings network = inspect.getNetworkSettings();
        return new ContainerInfo(
                inspect.getId(),
                stripSlash(inspect.getName()),
                config == null || config.getImage() == null ? "" : config.getImage(),
                Objects.requireNonNullElse(inspect.getImageId(), ""),
                labels,
                ContainerState.parse(state.getStatus()),
                time(state.getStartedAt()),
                time(state.getFinishedAt()),
                exitCode == null ? 0 : exitCode.intValue(),
                network == null ? Optional.empty() : publishedPort(network.getPorts()));
    }

    /** Parses Docker's RFC 3339 timestamps; empty for none and for Go's zero time. */
    static Optional<Instant> time(String dockerTime) {
        if (dockerTime == null || dockerTime.isBlank()) {
            return Optional.empty();
        }
        try {
            Instant instant = Instant.parse(dockerTime.strip());
            return instant.equals(DOCKER_ZERO_TIME) ? Optional.empty() : Optional.of(instant);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * The host address of the lowest published TCP port. A port published on every interface is reported
     * on loopback, the address a client on the same host can always use.
     */
    static Optional<InetSocketAddress> publishedPort(Ports ports) {
        if (ports == null || ports.getBindings() == null) {
            return Optional.empty();
        }
        return ports.getBindings().entrySet().stream()
                .filter(e -> e.getKey().getProtocol() == InternetProtocol.TCP && e.getValue() != null)
                .sorted(Comparator.comparingInt(e -> e.getKey().getPort()))
                .flatMap(e -> Stream.of(e.getValue())
                        .filter(b -> b.getHostPortSpec() != null && !b.getHostPortSpec().isBlank())
                        .sorted(Comparator.comparing((Ports.Binding b) -> isIpv6(b.getHostIp())))
                        .map(ContainerInfos::address))
                .findFirst();
    }

    private static InetSocketAddress address(Ports.Binding binding) {
        String ip = binding.getHostIp() == null || binding.getHostIp().isBlank() ? "0.0.0.0" : binding.getHostIp();
        String reachable = switch (ip) {
            case "0.0.0.0" -> "127.0.0.1";
            case "::" -> "::1";
            default -> ip;
        };
        return new InetSocketAddress(InetAddress.ofLiteral(reachable), Integer.parseInt(binding.getHostPortSpec()));
    }

    private static boolean isIpv6(String ip) {
        return ip != null && ip.contains(":");
    }

    private static String stripSlash(String name) {
        if (name == null) {
            return "";
        }
        return name.startsWith("/") ? name.substring(1) : name;
    }
}

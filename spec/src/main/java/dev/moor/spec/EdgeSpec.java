package dev.moor.spec;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The edge in front of the app's services.
 *
 * @param listen         the port the edge listens on, when the app has an edge
 * @param threads        event loops; the number of cores when empty
 * @param transport      the socket implementation under the event loops
 * @param balancing      how a replica is chosen
 * @param accessLog      {@code stdout}, {@code off}, or an absolute file path
 * @param metricsPort    a port on 127.0.0.1 serving Prometheus metrics at /metrics, when set
 * @param trustedProxies CIDR blocks whose forwarding headers are trusted
 * @param cloudfront     whether CloudFront's proto header from a trusted proxy is honoured
 * @param drainTimeout   how long requests in flight to a replica leaving rotation may take
 */
public record EdgeSpec(Optional<Integer> listen, Optional<Integer> threads, Transport transport, Balancing balancing,
                       String accessLog,
                       Optional<Integer> metricsPort, List<String> trustedProxies, boolean cloudfront, Duration drainTimeout) {

    public static final String ACCESS_LOG_STDOUT = "stdout";
    public static final String ACCESS_LOG_OFF = "off";
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);

    public EdgeSpec {
        trustedProxies = List.copyOf(trustedProxies);
    }

    /**
     * The socket implementation: {@code auto} (the default: io_uring where the kernel allows it, else epoll, else
     * nio), or one of them by name.
     */
    public enum Transport { AUTO, IO_URING, EPOLL, NIO }

    /** How the edge picks a replica: {@code p2c} (power of two choices, the default) or {@code round_robin}. */
    public enum Balancing { P2C, ROUND_ROBIN }

    public static EdgeSpec none() {
        return listening(Optional.empty());
    }

    /** An edge on {@code listen} with every other setting at its default. */
    public static EdgeSpec listening(Optional<Integer> listen) {
        return new EdgeSpec(listen, Optional.empty(), Transport.AUTO, Balancing.P2C, ACCESS_LOG_STDOUT, Optional.empty(), List.of(), false,
                DEFAULT_DRAIN_TIMEOUT);
    }
}

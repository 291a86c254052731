package dev.moor.spec;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The settings of the one edge of a host, which serves every app of the host: {@code edge} in the server's
 * {@code server.yaml}. What each app says about it (its public port and its balancing) is its {@link EdgeSpec}.
 *
 * @param threads        event loops; the number of cores when empty
 * @param transport      the socket implementation under the event loops
 * @param accessLog      {@link #ACCESS_LOG_STDOUT} (the edge container's output), {@link #ACCESS_LOG_OFF}, or an
 *                       absolute file path
 * @param metricsPort    a port on 127.0.0.1 serving Prometheus metrics at /metrics, when set
 * @param trustedProxies CIDR blocks whose forwarding headers are trusted
 * @param cloudfront     whether CloudFront's proto header from a trusted proxy is honoured
 * @param drainTimeout   how long requests in flight to a replica leaving rotation may take
 * @param bind           the IP address the apps' public ports ({@code edge.listen} of each app) are bound on
 * @param https          the one port every app's HTTPS hosts are served on; no HTTPS when empty
 * @param tls            how the edge speaks TLS on that port
 * @param acme           the ACME CA of the apps whose HTTPS certificate is {@code acme}; none when empty
 */
public record EdgeSettingsSpec(Optional<Integer> threads, Transport transport, String accessLog,
                               Optional<Integer> metricsPort, List<String> trustedProxies, boolean cloudfront,
                               Duration drainTimeout, String bind, Optional<Integer> https, Tls tls,
                               Optional<AcmeSpec> acme) {

    public static final String ACCESS_LOG_STDOUT = "stdout";
    public static final String ACCESS_LOG_OFF = "off";
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);
    /** Every IPv4 address of the host. */
    public static final String DEFAULT_BIND = "0.0.0.0";

    public EdgeSettingsSpec {
        trustedProxies = List.copyOf(trustedProxies);
    }

    /**
     * The socket implementation: {@code auto} (the default: io_uring where the kernel allows it, else epoll, else
     * nio), or one of them by name.
     */
    public enum Transport { AUTO, IO_URING, EPOLL, NIO }

    /**
     * The edge's TLS.
     *
     * @param provider the TLS implementation
     */
    public record Tls(Provider provider) {
        public static final Tls DEFAULT = new Tls(Provider.AUTO);

        /**
         * {@code auto} (the default: OpenSSL's API through BoringSSL where its native library loads, else the JDK's),
         * or one of them by name, which the edge refuses to start without.
         */
        public enum Provider { AUTO, OPENSSL, JDK }
    }

    /** Every setting at its default: what a host without {@code server.yaml} runs. */
    public static EdgeSettingsSpec defaults() {
        return new EdgeSettingsSpec(Optional.empty(), Transport.AUTO, ACCESS_LOG_STDOUT, Optional.empty(), List.of(),
                false, DEFAULT_DRAIN_TIMEOUT, DEFAULT_BIND, Optional.empty(), Tls.DEFAULT, Optional.empty());
    }
}

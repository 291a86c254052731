package dev.moor.spec;

import java.util.List;
import java.util.Optional;

/**
 * A service Moor does not run: servers outside Docker (a legacy server being migrated, a managed service) that
 * the edge routes to, balances over and health-checks like replicas.
 *
 * @param name      the service name
 * @param endpoints the servers
 * @param health    how they are probed (HTTP or TCP on each server's address); a TCP probe when empty
 */
public record ExternalServiceSpec(String name, List<HostPort> endpoints, Optional<HealthSpec> health) {
    public ExternalServiceSpec {
        endpoints = List.copyOf(endpoints);
    }

    /**
     * A server's address; also the address a server listens on ({@link ApiSpec#listen()}).
     *
     * @param host a DNS name (lower case) or an IP literal (IPv6 without brackets); in a listen address, empty for
     *             every local address ({@code :7443})
     * @param port 1..65535
     */
    public record HostPort(String host, int port) {
        @Override
        public String toString() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }
}

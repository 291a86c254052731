package dev.moor.server.https;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The certificate of an app's HTTPS hosts, as {@code moor server status} shows it.
 *
 * @param app      the app
 * @param hosts    its HTTPS hosts
 * @param source   where the certificate comes from: {@code dev}, the chain file, or {@code acme} and the directory
 *                 that issued the one served
 * @param notAfter when the served certificate expires; empty while the hosts have none
 * @param problem  why the hosts' last ACME order failed, while the next attempt is still ahead
 */
public record CertificateStatus(String app, List<String> hosts, String source, Optional<Instant> notAfter,
                                Optional<String> problem) {
    public CertificateStatus {
        hosts = List.copyOf(hosts);
    }
}

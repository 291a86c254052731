package dev.moor.spec;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The hosts an app serves over HTTPS ({@code edge.https} of its file): its routes for those hosts are served on the
 * server's HTTPS port too ({@code edge.https} of {@code server.yaml}), with a certificate that covers them.
 *
 * @param hosts       exact names or {@code *.} wildcards, lower case, each once; each one is served by a route
 * @param certificate where the certificate comes from
 * @param redirect    whether plain-HTTP requests for these hosts are answered with a redirect to HTTPS
 * @param hsts        the max-age of the Strict-Transport-Security header of HTTPS answers; none when empty
 */
public record HttpsSpec(List<String> hosts, CertificateSpec certificate, boolean redirect, Optional<Duration> hsts) {
    public static final boolean DEFAULT_REDIRECT = true;

    public HttpsSpec {
        hosts = List.copyOf(hosts);
    }
}

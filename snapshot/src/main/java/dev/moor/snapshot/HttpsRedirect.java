package dev.moor.snapshot;

import java.util.List;

/**
 * A plain-HTTP route's requests for these hosts are answered with a redirect to the same URL over HTTPS.
 *
 * @param port  the HTTPS port the redirect names (left out of the URL when 443)
 * @param hosts the hosts redirected: exact names or {@code *.example.com} for every name under a domain, lower case
 */
public record HttpsRedirect(int port, List<String> hosts) {
    public HttpsRedirect {
        hosts = List.copyOf(hosts);
    }
}

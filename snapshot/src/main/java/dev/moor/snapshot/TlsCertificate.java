package dev.moor.snapshot;

import java.util.List;

/**
 * A certificate the edge presents on its HTTPS port, with its key: the snapshot carries both, so that an edge that
 * restarts serves HTTPS from its persisted snapshot at once (which is why that file is readable by its owner only).
 *
 * @param name  names the certificate in problems and logs, e.g. the app it serves ({@code shop})
 * @param hosts the SNI names it is presented for: exact names, or {@code *.example.com} for the names one label
 *              under a domain (as certificates match them), lower case
 * @param chain PEM: the certificate first, then its intermediates
 * @param key   PEM, PKCS#8: its private key
 */
public record TlsCertificate(String name, List<String> hosts, String chain, String key) {
    public TlsCertificate {
        hosts = List.copyOf(hosts);
    }

    /** Without the key: a snapshot written to a log never shows it. */
    @Override
    public String toString() {
        return "TlsCertificate[name=" + name + ", hosts=" + hosts + ", chain=" + chain.length() + " characters]";
    }
}

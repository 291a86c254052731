package dev.moor.server;

import dev.moor.engine.runtime.EngineInfo;
import dev.moor.server.edge.ConnectedEdge;
import dev.moor.server.https.CertificateStatus;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What {@code moor server status} shows.
 *
 * @param pid       the server's process id
 * @param version   Moor's version
 * @param startedAt when the server started
 * @param home      its state directory
 * @param installation the installation id: the {@code moor.owner} label of every container it runs
 * @param engine    the Docker engine it drives
 * @param apps      every app it runs
 * @param edge      the host's edge
 */
public record ServerStatus(long pid, String version, Instant startedAt, String home, String installation,
                           EngineInfo engine, List<AppSummary> apps, Edge edge) {
    /**
     * @param containers the edge's containers (two while one replaces the other)
     * @param connected  the edges connected to the server's channel
     * @param snapshot   the version of the snapshot published last (0 before the first)
     * @param ports      the public ports the apps are served on
     * @param https      the HTTPS port, when the server has one
     * @param developmentCa the root certificate of the development CA, once it issued a certificate: what a browser
     *                   or curl trusts to reach the HTTPS hosts of apps with {@code certificate: dev}
     * @param certificates the certificate of each app's HTTPS hosts
     */
    public record Edge(List<EdgeContainer> containers, List<ConnectedEdge> connected, long snapshot, List<Integer> ports,
                       Optional<Integer> https, Optional<String> developmentCa, List<CertificateStatus> certificates) {
        public Edge {
            // A server of a version before certificates in its status sends none.
            certificates = certificates == null ? List.of() : List.copyOf(certificates);
        }
    }

    /** An edge container: its name, state and image. */
    public record EdgeContainer(String name, String state, String image) {}
}

package dev.moor.edge;

import dev.moor.snapshot.EdgeSnapshot;
import dev.moor.snapshot.Endpoint;
import dev.moor.snapshot.ForwardingPolicy;
import dev.moor.snapshot.Https;
import dev.moor.snapshot.TlsCertificate;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.moor.edge.Snapshots.cluster;
import static dev.moor.edge.Snapshots.onPort;
import static dev.moor.edge.Snapshots.route;

/**
 * An edge in a JVM of its own, for {@link Http3UnavailableTest}, which starts it without the QUIC native library:
 * it serves HTTPS with HTTP/3 asked for on port {@code args[0]} to the backend on port {@code args[3]}, with the
 * certificate chain and key in the files {@code args[1]} and {@code args[2]}, says {@code ready}, applies the
 * snapshot again on each line it reads and says {@code updated}, and stops at the end of its input.
 */
public final class EdgeWithoutQuicMain {
    private EdgeWithoutQuicMain() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        TlsCertificate certificate = new TlsCertificate("shop", List.of("localhost"),
                Files.readString(Path.of(args[1])), Files.readString(Path.of(args[2])));
        Endpoint backend = new Endpoint("backend", new InetSocketAddress(InetAddress.getLoopbackAddress(),
                Integer.parseInt(args[3])));
        try (EdgeServer edge = EdgeServer.builder().threads(1).bindAddress(InetAddress.getLoopbackAddress()).build()) {
            edge.start();
            long version = 1;
            EdgeSnapshot snapshot = new EdgeSnapshot(version, List.of(onPort(route("shop", "/", "shop"), port)),
                    Map.of("shop", cluster("shop", backend)), ForwardingPolicy.DEFAULT,
                    Optional.of(new Https(port, List.of(certificate), true)));
            System.out.println("problems " + edge.update(snapshot));
            System.out.println("ready");
            BufferedReader input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            while (input.readLine() != null) {
                snapshot = new EdgeSnapshot(++version, snapshot.routes(), snapshot.clusters(), snapshot.forwarding(),
                        snapshot.https());
                System.out.println("problems " + edge.update(snapshot));
                System.out.println("updated");
            }
        }
    }
}

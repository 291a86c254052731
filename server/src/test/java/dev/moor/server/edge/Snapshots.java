package dev.moor.server.edge;

import dev.moor.snapshot.Balancing;
import dev.moor.snapshot.Cluster;
import dev.moor.snapshot.EdgeSnapshot;
import dev.moor.snapshot.Endpoint;
import dev.moor.snapshot.ForwardingPolicy;
import dev.moor.snapshot.OutlierDetection;
import dev.moor.snapshot.RetryPolicy;
import dev.moor.snapshot.Route;
import dev.moor.snapshot.Timeouts;
import dev.moor.snapshot.WeightedCluster;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

final class Snapshots {
    private Snapshots() {}

    /** Every path to one endpoint on 127.0.0.1:port. */
    static EdgeSnapshot to(long version, int port) {
        return withRoutes(version, port, 1);
    }

    /** The same route, its cluster without endpoints: the one it had drains. */
    static EdgeSnapshot withoutEndpoints(long version) {
        EdgeSnapshot snapshot = withRoutes(version, 1, 1);
        Cluster web = snapshot.clusters().get("shop/web");
        return new EdgeSnapshot(version, snapshot.routes(), Map.of("shop/web", new Cluster(web.name(), List.of(),
                web.balancing(), web.outlier(), web.maxConnectionsPerEndpoint())), snapshot.forwarding());
    }

    /** {@code routes} routes to one endpoint: 3,000 make a snapshot of about a megabyte, more than a socket buffers. */
    static EdgeSnapshot withRoutes(long version, int port, int routes) {
        List<Route> list = new ArrayList<>();
        for (int i = 0; i < routes; i++) {
            list.add(new Route("shop/routes[" + i + "]", Optional.empty(), i == 0 ? "/" : "/path-" + i, Set.of(), Map.of(),
                    Optional.empty(), List.of(new WeightedCluster("shop/web", 1)), Timeouts.DEFAULT, RetryPolicy.DEFAULT));
        }
        Cluster web = new Cluster("shop/web", List.of(new Endpoint("shop-web-0", new InetSocketAddress("127.0.0.1", port))),
                Balancing.ROUND_ROBIN, OutlierDetection.DEFAULT, 64);
        return new EdgeSnapshot(version, list, Map.of("shop/web", web),
                new ForwardingPolicy(List.of(), false, Duration.ofSeconds(2)));
    }
}

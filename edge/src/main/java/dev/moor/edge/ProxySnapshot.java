package dev.moor.edge;

import dev.moor.edge.routing.RouteTable;

import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An {@link EdgeSnapshot} compiled for serving: the route table, each route's and cluster's live state, the
 * trusted proxies. Immutable once built; event loops read it through one volatile reference per request.
 */
final class ProxySnapshot {
    static final ProxySnapshot EMPTY = new ProxySnapshot(-1, RouteTable.compile(List.of(), Set.of()),
            new IdentityHashMap<>(), Map.of(), TrustedProxies.NONE, false, ForwardingPolicy.DEFAULT.drainTimeout());

    final long version;
    final RouteTable table;
    final Map<String, ClusterState> clusters;
    final TrustedProxies trustedProxies;
    final boolean translateCloudFront;
    final Duration drainTimeout;
    private final IdentityHashMap<Route, RouteState> routes;

    ProxySnapshot(long version, RouteTable table, IdentityHashMap<Route, RouteState> routes,
                  Map<String, ClusterState> clusters, TrustedProxies trustedProxies, boolean translateCloudFront,
                  Duration drainTimeout) {
        this.version = version;
        this.table = table;
        this.routes = routes;
        this.clusters = clusters;
        this.trustedProxies = trustedProxies;
        this.translateCloudFront = translateCloudFront;
        this.drainTimeout = drainTimeout;
    }

    /** The state of a route the table returned (the table hands back the very {@link Route} it compiled). */
    RouteState route(Route route) {
        return routes.get(route);
    }
}

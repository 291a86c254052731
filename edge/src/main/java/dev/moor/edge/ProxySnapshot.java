package dev.moor.edge;

import dev.moor.snapshot.ForwardingPolicy;
import dev.moor.snapshot.Route;

import dev.moor.edge.acme.Http01Responder;
import dev.moor.edge.routing.RouteTables;
import dev.moor.edge.tls.HttpsListener;

import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An {@link dev.moor.snapshot.EdgeSnapshot} compiled for serving: the route table of each port, each route's and
 * cluster's live state, the trusted proxies, the HTTPS port with its certificates, the ACME challenges it answers.
 * Immutable once built; event loops
 * read it through one volatile reference per request.
 */
final class ProxySnapshot {
    static final ProxySnapshot EMPTY = new ProxySnapshot(-1, RouteTables.compile(List.of(), Set.of()),
            new IdentityHashMap<>(), Map.of(), TrustedProxies.NONE, false, ForwardingPolicy.DEFAULT.drainTimeout(), null,
            null);

    final long version;
    /** The route table of each port: a connection's requests look up the table of the port it was accepted on. */
    final RouteTables tables;
    final Map<String, ClusterState> clusters;
    final TrustedProxies trustedProxies;
    final boolean translateCloudFront;
    final Duration drainTimeout;
    /** The HTTPS port and its certificates; null when the snapshot serves no HTTPS. */
    final HttpsListener https;
    /** Answers the HTTP-01 challenges of an ACME CA on the plain-HTTP ports; null while none is validated. */
    final Http01Responder http01;
    private final IdentityHashMap<Route, RouteState> routes;

    ProxySnapshot(long version, RouteTables tables, IdentityHashMap<Route, RouteState> routes,
                  Map<String, ClusterState> clusters, TrustedProxies trustedProxies, boolean translateCloudFront,
                  Duration drainTimeout, HttpsListener https, Http01Responder http01) {
        this.version = version;
        this.tables = tables;
        this.routes = routes;
        this.clusters = clusters;
        this.trustedProxies = trustedProxies;
        this.translateCloudFront = translateCloudFront;
        this.drainTimeout = drainTimeout;
        this.https = https;
        this.http01 = http01;
    }

    /** The state of a route the table returned (the table hands back the very {@link Route} it compiled). */
    RouteState route(Route route) {
        return routes.get(route);
    }
}

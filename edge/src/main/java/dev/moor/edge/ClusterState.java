package dev.moor.edge;

import dev.moor.snapshot.Balancing;
import dev.moor.snapshot.Cluster;
import dev.moor.snapshot.OutlierDetection;

import dev.moor.edge.observe.ClusterMeters;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A cluster as one snapshot serves it: its endpoints' live states, how to choose among them, its outlier policy,
 * its retry budget and its meters. Shared by all event loops.
 */
final class ClusterState {
    final String name;
    final EndpointState[] endpoints;
    final int maxConnectionsPerEndpoint;
    final ClusterMeters meters;
    final RetryBudget retryBudget;
    private final boolean roundRobin;
    private final OutlierDetection outlier;
    private final AtomicInteger nextInTurn = new AtomicInteger();

    ClusterState(Cluster cluster, String name, EndpointState[] endpoints, ClusterMeters meters, RetryBudget retryBudget) {
        this.name = name;
        this.retryBudget = retryBudget;
        this.endpoints = endpoints;
        this.maxConnectionsPerEndpoint = cluster.maxConnectionsPerEndpoint();
        this.meters = meters;
        this.roundRobin = cluster.balancing() == Balancing.ROUND_ROBIN;
        this.outlier = cluster.outlier();
    }

    /**
     * An endpoint for a new attempt: eligible (not ejected, not retired) and, when possible, not among the
     * {@code triedCount} first of {@code tried}; null when no endpoint is eligible.
     */
    EndpointState choose(long nowNanos, EndpointState[] tried, int triedCount) {
        EndpointState[] all = endpoints;
        int n = all.length;
        if (n == 0) {
            return null;
        }
        if (n == 1) {
            return all[0].eligible(nowNanos) ? all[0] : null;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (roundRobin) {
            return scan(Math.floorMod(nextInTurn.getAndIncrement(), n), nowNanos, tried, triedCount);
        }
        int a = random.nextInt(n);
        int b = random.nextInt(n - 1);
        if (b >= a) {
            b++;
        }
        EndpointState first = all[a];
        EndpointState second = all[b];
        boolean firstOk = first.eligible(nowNanos) && !contains(tried, triedCount, first);
        boolean secondOk = second.eligible(nowNanos) && !contains(tried, triedCount, second);
        if (firstOk && secondOk) {
            return first.inFlight.get() <= second.inFlight.get() ? first : second;
        }
        if (firstOk) {
            return first;
        }
        if (secondOk) {
            return second;
        }
        return scan(random.nextInt(n), nowNanos, tried, triedCount);
    }

    private EndpointState scan(int start, long nowNanos, EndpointState[] tried, int triedCount) {
        EndpointState[] all = endpoints;
        EndpointState fallback = null;
        for (int i = 0; i < all.length; i++) {
            EndpointState candidate = all[(start + i) % all.length];
            if (candidate.eligible(nowNanos)) {
                if (!contains(tried, triedCount, candidate)) {
                    return candidate;
                }
                if (fallback == null) {
                    fallback = candidate;
                }
            }
        }
        return fallback;
    }

    private static boolean contains(EndpointState[] tried, int count, EndpointState endpoint) {
        for (int i = 0; i < count; i++) {
            if (tried[i] == endpoint) {
                return true;
            }
        }
        return false;
    }

    void connectFailed(EndpointState endpoint, long nowNanos) {
        meters.upstreamError("connect");
        if (endpoint.connectFailed(outlier.consecutiveConnectFailures())) {
            eject(endpoint, nowNanos);
        }
    }

    /** A 5xx answer, or an attempt that failed after connecting (the client would see a 5xx for it). */
    void gatewayFailed(EndpointState endpoint, String kind, long nowNanos) {
        meters.upstreamError(kind);
        if (endpoint.gatewayFailed(outlier.consecutive5xx())) {
            eject(endpoint, nowNanos);
        }
    }

    /** Ejects unless that would exceed maxEjectedPercent or leave no endpoint eligible. */
    private synchronized void eject(EndpointState endpoint, long nowNanos) {
        if (endpoint.ejectedAt(nowNanos)) {
            return;
        }
        int allowed = Math.min(endpoints.length * outlier.maxEjectedPercent() / 100, endpoints.length - 1);
        if (ejectedCount(nowNanos) >= allowed) {
            return;
        }
        endpoint.eject(nowNanos, outlier.baseEjection(), outlier.maxEjection());
        meters.ejection();
    }

    int ejectedCount(long nowNanos) {
        int ejected = 0;
        for (EndpointState endpoint : endpoints) {
            if (endpoint.ejectedAt(nowNanos)) {
                ejected++;
            }
        }
        return ejected;
    }

}

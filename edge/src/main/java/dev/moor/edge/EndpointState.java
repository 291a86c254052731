package dev.moor.edge;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live state of one endpoint, kept by id across snapshots while the endpoint stays in them: requests in
 * flight (shared by all event loops, for power-of-two-choices), passive-health counters, ejection, and one
 * upstream connection pool per event loop.
 */
final class EndpointState {
    final String id;
    final InetSocketAddress address;
    final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger consecutiveGatewayFailures = new AtomicInteger();
    private final AtomicInteger consecutiveConnectFailures = new AtomicInteger();
    private final UpstreamPool[] pools;
    private volatile boolean ejected;
    private volatile long ejectedUntilNanos;
    private int ejections;
    /** Set when the endpoint left the snapshot: it takes no new requests and its connections drain. */
    volatile boolean retired;
    /** Event loops that still have connections (or exchanges) to the retired endpoint. */
    final AtomicInteger loopsDraining = new AtomicInteger();

    EndpointState(String id, InetSocketAddress address, int eventLoops) {
        this.id = id;
        this.address = address;
        this.pools = new UpstreamPool[eventLoops];
    }

    /** Whether balancing may choose this endpoint now. */
    boolean eligible(long nowNanos) {
        if (retired) {
            return false;
        }
        if (!ejected) {
            return true;
        }
        if (nowNanos - ejectedUntilNanos >= 0) {
            ejected = false;
            return true;
        }
        return false;
    }

    boolean ejectedAt(long nowNanos) {
        return ejected && nowNanos - ejectedUntilNanos < 0;
    }

    /** Counts a connect failure; true when it reaches {@code threshold} in a row (0 disables). */
    boolean connectFailed(int threshold) {
        return threshold > 0 && consecutiveConnectFailures.incrementAndGet() >= threshold;
    }

    /** Counts a 5xx answer (or a failure the client sees as one); true when it reaches {@code threshold} in a row. */
    boolean gatewayFailed(int threshold) {
        consecutiveConnectFailures.set(0);
        return threshold > 0 && consecutiveGatewayFailures.incrementAndGet() >= threshold;
    }

    void connected() {
        // Reads first: writing a shared cache line on every request would make the loops contend for it.
        if (consecutiveConnectFailures.get() != 0) {
            consecutiveConnectFailures.set(0);
        }
    }

    void answered() {
        if (consecutiveGatewayFailures.get() != 0) {
            consecutiveGatewayFailures.set(0);
        }
    }

    /** Ejects for base × n (n: this ejection's number), at most {@code max}. */
    synchronized void eject(long nowNanos, Duration base, Duration max) {
        ejections++;
        long length = Math.min(saturatedMultiply(base.toNanos(), ejections), max.toNanos());
        ejectedUntilNanos = nowNanos + length;
        ejected = true;
        consecutiveConnectFailures.set(0);
        consecutiveGatewayFailures.set(0);
    }

    private static long saturatedMultiply(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        return high == 0 && low >= 0 ? low : Long.MAX_VALUE;
    }

    /** This event loop's pool; call only from that loop. */
    UpstreamPool pool(LoopContext loop) {
        UpstreamPool pool = pools[loop.index];
        if (pool == null) {
            pool = new UpstreamPool(loop, this);
            pools[loop.index] = pool;
            loop.pools.add(pool);
        }
        return pool;
    }

    /** This event loop's pool if it has one; call only from that loop. */
    UpstreamPool existingPool(LoopContext loop) {
        return pools[loop.index];
    }

    void forgetPool(LoopContext loop) {
        pools[loop.index] = null;
    }

    @Override
    public String toString() {
        return id + " (" + address + ")";
    }
}

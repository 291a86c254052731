package dev.moor.edge;

import dev.moor.edge.observe.EdgeMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.function.Consumer;

/** Configures an {@link EdgeServer}; only {@link #listen} is required. */
public final class EdgeServerBuilder {
    private InetSocketAddress listen;
    private int threads = Runtime.getRuntime().availableProcessors();
    private IoTransport transport = IoTransport.AUTO;
    private Consumer<AccessLogEntry> accessLog;
    private EdgeMetrics metrics;

    EdgeServerBuilder() {}

    /** Where to accept connections; port 0 picks a free port (see {@link EdgeServer#port()}). */
    public EdgeServerBuilder listen(InetSocketAddress address) {
        Objects.requireNonNull(address, "listen");
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("listen: " + address.getHostString() + " (expected: a resolvable address)");
        }
        this.listen = address;
        return this;
    }

    /** Event loops, each accepting and serving its own connections; default: the available processors. */
    public EdgeServerBuilder threads(int threads) {
        if (threads <= 0) {
            throw new IllegalArgumentException("threads: " + threads + " (expected: > 0)");
        }
        this.threads = threads;
        return this;
    }

    /**
     * The socket implementation; default {@link IoTransport#AUTO}. One that this machine lacks makes
     * {@link EdgeServer#start} fail with the reason.
     */
    public EdgeServerBuilder transport(IoTransport transport) {
        this.transport = Objects.requireNonNull(transport, "transport");
        return this;
    }

    /**
     * Receives one entry per request on an event loop: it must not block (an AsyncAccessLog does not). Default:
     * none, and then no entry is built.
     */
    public EdgeServerBuilder accessLog(Consumer<AccessLogEntry> accessLog) {
        this.accessLog = Objects.requireNonNull(accessLog, "accessLog");
        return this;
    }

    /** Where requests, latencies, errors, retries and ejections are counted; default: an in-memory registry. */
    public EdgeServerBuilder metrics(EdgeMetrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        return this;
    }

    public EdgeServer build() {
        if (listen == null) {
            throw new IllegalStateException("listen: missing (expected: the address to accept connections on)");
        }
        return new EdgeServer(listen, threads, transport, accessLog,
                metrics == null ? new EdgeMetrics(new SimpleMeterRegistry()) : metrics);
    }
}

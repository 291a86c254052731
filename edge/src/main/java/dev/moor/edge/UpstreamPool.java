package dev.moor.edge;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One event loop's keep-alive connections to one endpoint: at most the cluster's maxConnectionsPerEndpoint
 * (open or opening); exchanges beyond that wait in line for one to be released. Idle connections are reused
 * most-recently-used first and closed after their route's idle timeout. It also knows the WebSocket tunnels to
 * the endpoint (outside the limit), so that they drain with it. Confined to its event loop.
 */
final class UpstreamPool {
    final LoopContext loop;
    final EndpointState endpoint;
    private final ArrayDeque<UpstreamConnection> idle = new ArrayDeque<>();
    private final Set<UpstreamConnection> open = new HashSet<>();
    private final ArrayDeque<Exchange> waiting = new ArrayDeque<>();
    /** Upstream channels of WebSocket tunnels to the endpoint, until they close. */
    private final Set<Channel> tunnels = new HashSet<>();
    /** When the endpoint was retired: the moment what still runs to it is closed ({@link System#nanoTime}). */
    private long drainDeadlineNanos;
    private int opening;
    /** Set by {@link #drain}: the loop reports the endpoint drained when this pool leaves it. */
    private boolean draining;
    /** The cluster's maxConnectionsPerEndpoint, as of the latest acquire. */
    private int limit = 1;

    UpstreamPool(LoopContext loop, EndpointState endpoint) {
        this.loop = loop;
        this.endpoint = endpoint;
    }

    /**
     * An idle connection for the exchange, or null: then a connection is being opened for it, or it waits for
     * one, and it hears back through {@link Exchange#upstreamReady} or {@link Exchange#connectFailed}.
     */
    UpstreamConnection acquire(Exchange exchange, int limit, long connectTimeoutMillis) {
        this.limit = limit;
        UpstreamConnection connection;
        while ((connection = idle.pollFirst()) != null) {
            if (connection.channel.isActive()) {
                return connection;
            }
        }
        if (open.size() + opening < limit) {
            connect(exchange, connectTimeoutMillis);
        } else {
            waiting.addLast(exchange);
            exchange.waitForConnection(this);
        }
        return null;
    }

    private void connect(Exchange exchange, long connectTimeoutMillis) {
        opening++;
        UpstreamConnection connection = new UpstreamConnection(this);
        exchange.connecting(this);
        ChannelFuture connected = loop.connect(endpoint.address, connection, connectTimeoutMillis);
        connected.addListener(future -> {
            opening--;
            if (future.isSuccess()) {
                open.add(connection);
                endpoint.connected();
                if (!exchange.upstreamReady(this, connection, true)) {
                    release(connection, true);
                }
            } else {
                exchange.connectFailed(this, future.cause());
                serveWaiting();
                forgetIfDrained();
            }
        });
    }

    /** Takes back a connection whose exchange ended; reusable ones go to a waiting exchange or the idle list. */
    void release(UpstreamConnection connection, boolean reusable) {
        connection.owner = null;
        if (!reusable || endpoint.retired || !connection.channel.isActive()) {
            connection.channel.close();
            return;
        }
        if (!connection.channel.config().isAutoRead()) {
            connection.channel.config().setAutoRead(true);
        }
        Exchange next;
        while ((next = waiting.pollFirst()) != null) {
            if (next.upstreamReady(this, connection, true)) {
                return;
            }
        }
        connection.idleSince = System.nanoTime();
        idle.addFirst(connection);
    }

    /** An exchange that waited gives up (it timed out or its client left). */
    void cancel(Exchange exchange) {
        waiting.remove(exchange);
    }

    void closed(UpstreamConnection connection) {
        open.remove(connection);
        idle.remove(connection);
        serveWaiting();
        forgetIfDrained();
    }

    /** Room for a connection: the first waiting exchange gets a new one opened for it. */
    private void serveWaiting() {
        if (!waiting.isEmpty() && open.size() + opening < limit) {
            Exchange next = waiting.pollFirst();
            connect(next, next.connectTimeoutMillis());
        }
    }

    void closeExpiredIdle(long nowNanos) {
        Iterator<UpstreamConnection> oldestFirst = idle.descendingIterator();
        while (oldestFirst.hasNext()) {
            UpstreamConnection connection = oldestFirst.next();
            if (nowNanos - connection.idleSince < connection.idleTimeoutNanos) {
                break;
            }
            oldestFirst.remove();
            connection.channel.close();
        }
    }

    private void closeIdle() {
        for (UpstreamConnection connection : List.copyOf(idle)) {
            connection.channel.close();
        }
        idle.clear();
    }

    /**
     * A WebSocket tunnel to the endpoint opened on this loop: it drains with the endpoint, also when its handshake
     * was still in flight as the endpoint was retired.
     */
    void tunnelOpened(Channel upstream) {
        tunnels.add(upstream);
        upstream.closeFuture().addListener(closed -> {
            tunnels.remove(upstream);
            forgetIfDrained();
        });
        if (endpoint.retired) {
            long left = Math.max(0, drainDeadlineNanos - System.nanoTime());
            loop.eventLoop.schedule(() -> upstream.close(), left, TimeUnit.NANOSECONDS);
        }
    }

    /** The endpoint left the snapshot: idle connections close now, the rest once they are done or at the deadline. */
    void drain(long drainTimeoutNanos) {
        draining = true;
        drainDeadlineNanos = System.nanoTime() + drainTimeoutNanos;
        closeIdle();
        if (!isEmpty()) {
            loop.eventLoop.schedule(this::closeAll, drainTimeoutNanos, TimeUnit.NANOSECONDS);
        }
        forgetIfDrained();
    }

    /** Closes every connection to the endpoint, tunnels included (their client side follows). */
    void closeAll() {
        for (UpstreamConnection connection : List.copyOf(open)) {
            connection.channel.close();
        }
        for (Channel tunnel : List.copyOf(tunnels)) {
            tunnel.close();
        }
    }

    boolean isEmpty() {
        return open.isEmpty() && opening == 0 && tunnels.isEmpty();
    }

    /**
     * A retired endpoint's pool leaves its loop once its last connection closed; once {@link #drain} ran here
     * (the pool may empty before the loop hears of the retirement), the loop is done with the endpoint.
     */
    void forgetIfDrained() {
        if (endpoint.retired && isEmpty() && waiting.isEmpty() && endpoint.existingPool(loop) == this) {
            endpoint.forgetPool(loop);
            loop.pools.remove(this);
            if (draining) {
                loop.drains.loopDone(endpoint);
            }
        }
    }
}

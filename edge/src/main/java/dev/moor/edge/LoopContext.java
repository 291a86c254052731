package dev.moor.edge;

import dev.moor.edge.observe.MeterBuffer;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What one event loop owns: its client connections, its upstream connection pools, the bootstrap that opens
 * upstream connections on this same loop and the buffer of its meter samples. Touched only from the loop's thread,
 * so nothing here needs a lock.
 */
final class LoopContext {
    private static final long SWEEP_INTERVAL_MILLIS = 1000;

    final int index;
    final EventLoop eventLoop;
    final Set<ClientConnection> clients = new HashSet<>();
    /** The HTTP/3 connections this loop serves. */
    final Set<Http3ServerConnection> http3 = new HashSet<>();
    final List<UpstreamPool> pools = new ArrayList<>();
    /** Where this loop builds message heads. */
    final HeadBuilder heads = new HeadBuilder();
    /** Where this loop records per-request meters; flushed every sweep and before a scrape. */
    final MeterBuffer meterBuffer = new MeterBuffer();
    /** Hears when this loop is done with an endpoint that left the snapshot. */
    final DrainWatch drains;
    private final Bootstrap upstreams;

    LoopContext(int index, EventLoop eventLoop, Transport transport, ByteBufAllocator allocator, DrainWatch drains) {
        this.index = index;
        this.eventLoop = eventLoop;
        this.drains = drains;
        this.upstreams = new Bootstrap()
                .group(eventLoop)
                .channel(transport.channel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.ALLOCATOR, allocator);
        eventLoop.scheduleWithFixedDelay(this::sweep, SWEEP_INTERVAL_MILLIS, SWEEP_INTERVAL_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    /** Opens an upstream connection on this loop. */
    ChannelFuture connect(InetSocketAddress address, UpstreamConnection connection, long timeoutMillis) {
        return upstreams
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(timeoutMillis, Integer.MAX_VALUE))
                .handler(connection)
                .connect(address);
    }

    private void sweep() {
        meterBuffer.flush();
        long now = System.nanoTime();
        for (UpstreamPool pool : List.copyOf(pools)) {
            pool.closeExpiredIdle(now);
        }
    }

    /**
     * Drains an endpoint that left the snapshot: its idle connections close now, the busy ones when their
     * exchange ends, and whatever is still busy (WebSocket tunnels included) after {@code drainTimeout} is closed.
     * The loop tells {@link #drains} once it has nothing left to the endpoint.
     */
    void retire(EndpointState endpoint, Duration drainTimeout) {
        UpstreamPool pool = endpoint.existingPool(this);
        if (pool == null) {
            drains.loopDone(endpoint);
            return;
        }
        pool.drain(drainTimeout.toNanos());
    }

    /**
     * Client connections serving a request close after its response; those between requests after the one they
     * send within {@code graceNanos}, or at its end.
     */
    void stopServing(long graceNanos) {
        for (ClientConnection client : List.copyOf(clients)) {
            client.stopServing(graceNanos);
        }
        goAwayHttp3();
    }

    /** Every HTTP/3 connection of the loop goes away: it closes once its requests in flight are done. */
    void goAwayHttp3() {
        for (Http3ServerConnection connection : List.copyOf(http3)) {
            connection.goAway();
        }
    }

    /** Every HTTP/3 connection of the loop closes now. */
    void closeHttp3() {
        for (Http3ServerConnection connection : List.copyOf(http3)) {
            connection.close();
        }
    }

    int busyClients() {
        int busy = 0;
        for (ClientConnection client : clients) {
            if (client.busy()) {
                busy++;
            }
        }
        return busy;
    }

    void closeAll() {
        for (ClientConnection client : List.copyOf(clients)) {
            client.close();
        }
        closeHttp3();
        for (UpstreamPool pool : List.copyOf(pools)) {
            pool.closeAll();
        }
        meterBuffer.flush();
    }
}

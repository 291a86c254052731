package dev.moor.edge;

import dev.moor.snapshot.Timeouts;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The last handler of a multiplexed client connection, for the connection's time: after the
 * {@link Http2ServerConnection} of an HTTP/2 connection, in the pipeline of an HTTP/3 connection's QUIC channel. It
 * shuts the connection down (GOAWAY first, then the close once its open streams are done; the protocol's
 * {@code shutdown} does both) when no stream was open for the idle timeout, or once the edge stops, letting open
 * streams finish up to the drain timeout.
 *
 * <p>It keeps the time for its streams as well: its check, once a second, ends the streams idle for their idle
 * timeout, and one deadline timer, set for the earliest deadline of their exchanges (connect, response header),
 * serves them all. A stream lives for one request, so a timer of its own was scheduled and cancelled for every
 * request; here a deadline later than the armed one costs nothing, and the timer, when it fires, expires what is
 * due and re-arms for the next. Streams share the connection's {@link Peer} for the same reason.
 */
final class ConnectionGuard extends ChannelInboundHandlerAdapter {
    private static final long CHECK_INTERVAL_MILLIS = 1000;
    private static final long IDLE_NANOS = Timeouts.DEFAULT.idle().toNanos();

    private final EdgeServer server;
    /** Sends GOAWAY and closes the connection once its open streams are done. */
    private final Consumer<ChannelHandlerContext> shutdown;
    private ChannelHandlerContext context;
    private Peer peer;
    private ScheduledFuture<?> check;
    /** The open streams; each knows its index here, so leaving is a swap with the last. */
    private final ArrayList<ClientConnection> streams = new ArrayList<>();
    private ScheduledFuture<?> deadlineTimer;
    private long deadlineTimerAt;
    private long idleSince = System.nanoTime();
    private boolean closing;

    /** @param shutdown how the protocol goes away gracefully: GOAWAY, then the close once no stream is open */
    ConnectionGuard(EdgeServer server, Consumer<ChannelHandlerContext> shutdown) {
        this.server = server;
        this.shutdown = shutdown;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        context = ctx;
        peer = Peer.of(ctx.channel());
        check = ctx.executor().scheduleWithFixedDelay(this::check, CHECK_INTERVAL_MILLIS, CHECK_INTERVAL_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    Peer peer() {
        return peer;
    }

    void streamOpened(ClientConnection stream) {
        stream.streamIndex = streams.size();
        streams.add(stream);
    }

    void streamClosed(ClientConnection stream) {
        int index = stream.streamIndex;
        if (index < 0) {
            return;
        }
        stream.streamIndex = -1;
        ClientConnection last = streams.removeLast();
        if (last != stream) {
            streams.set(index, last);
            last.streamIndex = index;
        }
        if (streams.isEmpty()) {
            idleSince = System.nanoTime();
        }
    }

    /** Whether a stream of the connection is open. */
    boolean streamsOpen() {
        return !streams.isEmpty();
    }

    /** Makes sure the deadline timer fires by {@code deadline}; a later timer is moved, an earlier one stays. */
    void armDeadline(long deadline) {
        if (deadlineTimer != null) {
            if (deadline - deadlineTimerAt >= 0) {
                return;
            }
            deadlineTimer.cancel(false);
        }
        deadlineTimerAt = deadline;
        deadlineTimer = context.executor().schedule(this::deadlinesDue, Math.max(0, deadline - System.nanoTime()),
                TimeUnit.NANOSECONDS);
    }

    private void deadlinesDue() {
        deadlineTimer = null;
        long now = System.nanoTime();
        for (ClientConnection stream : List.copyOf(streams)) {
            stream.checkDeadline(now);
        }
        boolean pending = false;
        long next = 0;
        for (ClientConnection stream : streams) {
            Exchange exchange = stream.exchange;
            if (exchange != null && exchange.deadlineSet && (!pending || exchange.deadlineNanos - next < 0)) {
                pending = true;
                next = exchange.deadlineNanos;
            }
        }
        if (pending) {
            armDeadline(next);
        }
    }

    private void check() {
        if (closing || !context.channel().isActive()) {
            return;
        }
        long now = System.nanoTime();
        for (ClientConnection stream : List.copyOf(streams)) {
            stream.checkIdle(now);
        }
        if (server.closing || streams.isEmpty() && now - idleSince >= IDLE_NANOS) {
            closing = true;
            shutdown.accept(context);
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (check != null) {
            check.cancel(false);
        }
        if (deadlineTimer != null) {
            deadlineTimer.cancel(false);
        }
    }
}

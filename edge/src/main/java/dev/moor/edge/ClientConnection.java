package dev.moor.edge;

import dev.moor.snapshot.Timeouts;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * The client side of exchanges: an HTTP/1.1 connection, or one stream of an HTTP/2 or HTTP/3 connection. On an
 * HTTP/1.1 connection it runs the requests one at a time as {@link Exchange}s (pipelined requests wait, with reading
 * paused, until the one before is answered), flushes once per read batch, pauses reading while the upstream cannot
 * take more, and keeps one timer for the idle and exchange deadlines. A stream ({@link ServerStream}) is served the
 * same way: its reads come from its connection's frames, its writes go out as frames, and its connection's
 * {@link ConnectionGuard} keeps the time for all its streams.
 */
final class ClientConnection extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ClientConnection.class);
    private static final long DEFAULT_IDLE_NANOS = Timeouts.DEFAULT.idle().toNanos();

    final EdgeServer server;
    final LoopContext loop;
    /** The HTTP/2 or HTTP/3 stream served here, null on an HTTP/1.1 connection. */
    final ServerStream stream;
    /** Where the connection's guard keeps this stream among its open ones, -1 when not there. */
    int streamIndex = -1;
    /** Encodes the edge's own responses on an HTTP/1.1 connection; null on a stream. */
    private final ProxyResponseEncoder encoder;
    /** Where the exchanges' answers go: the stream, or the HTTP/1.1 connection's writer once it is active. */
    ResponseWriter writer;
    /** The HTTP/1.1 connection's writer, null on a stream. */
    Http1ResponseWriter http1;
    Peer peer;
    /** The request being served, null between requests. */
    Exchange exchange;
    long lastActivityNanos;
    private Channel channel;
    private ArrayDeque<Object> backlog;
    private boolean drainingBacklog;
    private Channel upstreamToFlush;
    private boolean flushPending;
    /** Inside a read batch from the client: writes upstream are flushed when it completes. */
    boolean reading;
    private long idleNanos = DEFAULT_IDLE_NANOS;
    private ScheduledFuture<?> timer;
    private long timerDeadline;
    /** No further request is served: the connection closes after the current response. */
    boolean closing;
    /**
     * The server stops while the connection waits for a request: the next one, if it comes within the grace, is
     * served with Connection: close; then the connection closes.
     */
    private boolean lastRequest;
    private ScheduledFuture<?> graceTimer;

    /** Serves an HTTP/1.1 connection. */
    ClientConnection(EdgeServer server, LoopContext loop, ProxyResponseEncoder encoder) {
        this(server, loop, encoder, null);
    }

    /** Serves one HTTP/2 or HTTP/3 stream rather than an HTTP/1.1 connection. */
    ClientConnection(EdgeServer server, LoopContext loop, ServerStream stream) {
        this(server, loop, null, stream);
    }

    private ClientConnection(EdgeServer server, LoopContext loop, ProxyResponseEncoder encoder,
            ServerStream stream) {
        this.server = server;
        this.loop = loop;
        this.encoder = encoder;
        this.stream = stream;
        this.writer = stream;
    }

    /** The HTTP/1.1 connection's channel; null on a stream. */
    Channel channel() {
        return channel;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        http1 = new Http1ResponseWriter(ctx, encoder, loop.heads, ctx.channel().hasAttr(Peer.HTTPS) ? server : null);
        writer = http1;
        peer = new Peer(channel);
        opened();
        armTimer(lastActivityNanos + idleNanos);
    }

    /** The stream opened: its connection's guard keeps the time for it. */
    void streamOpened() {
        ConnectionGuard guard = stream.guard();
        peer = guard.peer();
        guard.streamOpened(this);
        opened();
    }

    private void opened() {
        loop.clients.add(this);
        lastActivityNanos = System.nanoTime();
        if (server.closing) {
            // Accepted while the listeners closed (or handed over): the client sent, or is sending, its request.
            stopServing(server.stopGraceNanos());
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        read(msg);
    }

    void read(Object msg) {
        reading = true;
        lastActivityNanos = System.nanoTime();
        if (backlog != null && !backlog.isEmpty() || exchange != null && exchange.requestComplete) {
            // A pipelined request: it waits until the one before is answered.
            if (backlog == null) {
                backlog = new ArrayDeque<>(4);
            }
            backlog.addLast(msg);
            updateReading();
            return;
        }
        handle(msg);
    }

    private void handle(Object msg) {
        if (msg instanceof HttpRequest request) {
            if (closing) {
                ReferenceCountUtil.release(msg);
                return;
            }
            if (lastRequest) {
                closing = true;
            }
            exchange = new Exchange(this, request, lastActivityNanos);
            exchange.start();
        } else if (exchange != null && msg instanceof HttpContent content) {
            exchange.clientContent(content);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        readComplete();
    }

    void readComplete() {
        reading = false;
        Channel upstream = upstreamToFlush;
        if (upstream != null) {
            upstreamToFlush = null;
            upstream.flush();
        }
        flush();
    }

    /** Flushes what was written upstream: once the current client read batch is done, else now. */
    void flushUpstream(Channel upstream) {
        if (reading) {
            upstreamToFlush = upstream;
        } else {
            upstream.flush();
        }
    }

    void writeLater() {
        flushPending = true;
    }

    void flush() {
        if (flushPending) {
            flushNow();
        }
    }

    void flushNow() {
        flushPending = false;
        writer.flush();
    }

    /** Reads from the client only while the request's upstream can take more; from the upstream while we can. */
    void updateReading() {
        Exchange current = exchange;
        boolean readClient = !closing && (backlog == null || backlog.isEmpty())
                && (current == null || current.mayReadClient());
        boolean writable;
        if (stream != null) {
            if (stream.readingPaused() == readClient) {
                stream.reading(readClient);
            }
            writable = stream.writable();
        } else {
            if (channel.config().isAutoRead() != readClient) {
                channel.config().setAutoRead(readClient);
            }
            writable = channel.isWritable();
        }
        UpstreamConnection upstream = current == null ? null : current.upstream;
        if (upstream != null && upstream.channel.config().isAutoRead() != writable) {
            upstream.channel.config().setAutoRead(writable);
        }
    }

    /** Reading from the client is paused (the request's upstream cannot take more, or a pipelined request waits). */
    boolean readingPaused() {
        return stream != null ? stream.readingPaused() : !channel.config().isAutoRead();
    }

    /** The client can still be answered: the connection (or the stream) is open. */
    boolean active() {
        return writer.open();
    }

    ByteBufAllocator alloc() {
        return writer.alloc();
    }

    /** Closes the connection; a stream is reset, unless its response is out and its request in. */
    void close() {
        writer.close();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        updateReading();
    }

    /** The exchange is over: close, or serve the next pipelined request. */
    void exchangeEnded(Exchange ended, boolean close) {
        if (exchange == ended) {
            exchange = null;
        }
        if (close || closing) {
            closing = true;
            flushPending = false;
            writer.closeAfterWrites();
            releaseBacklog();
            return;
        }
        drainBacklog();
        updateReading();
    }

    private void drainBacklog() {
        if (drainingBacklog || backlog == null) {
            return;
        }
        drainingBacklog = true;
        try {
            while (!backlog.isEmpty() && (exchange == null || !exchange.requestComplete) && active()) {
                handle(backlog.pollFirst());
            }
        } finally {
            drainingBacklog = false;
        }
    }

    private void releaseBacklog() {
        if (backlog != null) {
            Object queued;
            while ((queued = backlog.pollFirst()) != null) {
                ReferenceCountUtil.release(queued);
            }
        }
    }

    /** The route's idle timeout applies from now on. */
    void useIdleTimeout(long nanos) {
        if (nanos != idleNanos) {
            idleNanos = nanos;
            if (stream == null) {
                armTimer(lastActivityNanos + nanos);
            }
        }
    }

    /** Makes sure the timer fires by {@code deadline}; a later timer is moved, an earlier one stays. */
    void armTimer(long deadline) {
        if (stream != null) {
            stream.guard().armDeadline(deadline);
            return;
        }
        if (timer != null) {
            if (deadline - timerDeadline >= 0) {
                return;
            }
            timer.cancel(false);
        }
        timerDeadline = deadline;
        timer = loop.eventLoop.schedule(this::timerFired, Math.max(0, deadline - System.nanoTime()),
                TimeUnit.NANOSECONDS);
    }

    private void timerFired() {
        timer = null;
        if (!channel.isActive()) {
            return;
        }
        long now = System.nanoTime();
        checkDeadline(now);
        if (!channel.isActive() || checkIdle(now)) {
            return;
        }
        long next = lastActivityNanos + idleNanos;
        Exchange current = exchange;
        if (current != null && current.deadlineSet && current.deadlineNanos - next < 0) {
            next = current.deadlineNanos;
        }
        armTimer(next);
    }

    /** Tells the exchange in flight that its deadline (connect, response header) passed, if it did. */
    void checkDeadline(long now) {
        Exchange current = exchange;
        if (current != null && current.deadlineSet && now - current.deadlineNanos >= 0) {
            current.deadlineExpired();
        }
    }

    /** Ends the request in flight (else the connection) when nothing moved for the idle timeout; true if so. */
    boolean checkIdle(long now) {
        if (now - (lastActivityNanos + idleNanos) < 0) {
            return false;
        }
        if (exchange != null) {
            exchange.idleExpired();
        } else {
            close();
        }
        return true;
    }

    /**
     * The server stops: the request being served is the last. An HTTP/1.1 connection between requests may still
     * send one within {@code graceNanos} (answered with Connection: close): its client may have sent it already,
     * and a request lost to a close is a failed request for a client that just connected. Streams close
     * now when idle; their connection's guard sends GOAWAY.
     */
    void stopServing(long graceNanos) {
        if (stream != null || exchange != null || graceNanos <= 0) {
            closing = true;
            if (exchange == null) {
                close();
            }
            return;
        }
        if (lastRequest || closing) {
            return;
        }
        lastRequest = true;
        graceTimer = loop.eventLoop.schedule(this::graceOver, graceNanos, TimeUnit.NANOSECONDS);
    }

    private void graceOver() {
        graceTimer = null;
        if (exchange == null) {
            closing = true;
            close();
        }
    }

    /** Serving a request, or waiting for the last one: the server's close waits for it. */
    boolean busy() {
        return exchange != null || lastRequest;
    }

    /** The connection switched protocols (to HTTP/2, or to a WebSocket tunnel) and is no longer served here. */
    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        leaveLoop();
        releaseBacklog();
    }

    private void leaveLoop() {
        loop.clients.remove(this);
        if (stream != null) {
            stream.guard().streamClosed(this);
        }
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        if (graceTimer != null) {
            graceTimer.cancel(false);
            graceTimer = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed();
    }

    /** The connection (or the stream) closed: the exchange in flight, if any, lost its client. */
    void closed() {
        leaveLoop();
        closing = true;
        Exchange current = exchange;
        if (current != null) {
            current.clientClosed();
        }
        releaseBacklog();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            LOG.debug("client connection {} failed: {}", channel, cause.toString());
        } else {
            LOG.warn("client connection {} failed", channel, cause);
        }
        ctx.close();
    }
}

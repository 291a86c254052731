package dev.moor.edge;

import dev.moor.edge.observe.RouteMeters;
import dev.moor.edge.routing.RouteMatch;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * One request through the edge: route it, choose an endpoint, borrow a pooled connection on this event loop,
 * stream the request up and the response down, retry on another endpoint when that is safe, and answer with
 * 4xx/5xx itself when it cannot be proxied. Confined to its client connection's event loop.
 *
 * <p>A retry is safe when nothing of the request reached the failed endpoint (it could not connect), or when the
 * request is idempotent, has no body and no byte of the response reached the client.
 */
final class Exchange {
    private static final Logger LOG = LoggerFactory.getLogger(Exchange.class);
    /** Request body held while no upstream connection is ready; beyond it the client is not read. */
    private static final int MAX_BUFFERED_BODY = 64 * 1024;
    private static final int MAX_REQUEST_ID_LENGTH = 200;

    /** Why an upstream attempt failed, and what the client gets when it is not retried. */
    private enum Failure {
        CONNECT(HttpResponseStatus.BAD_GATEWAY, "upstream connection failed"),
        CONNECT_TIMEOUT(HttpResponseStatus.GATEWAY_TIMEOUT, "upstream connection timed out"),
        NO_CONNECTION(HttpResponseStatus.SERVICE_UNAVAILABLE, "no upstream connection free in time"),
        RESET(HttpResponseStatus.BAD_GATEWAY, "upstream closed the connection before responding"),
        BAD_RESPONSE(HttpResponseStatus.BAD_GATEWAY, "upstream sent an invalid response"),
        RESPONSE_TIMEOUT(HttpResponseStatus.GATEWAY_TIMEOUT, "upstream did not respond in time");

        final HttpResponseStatus status;
        final String message;

        Failure(HttpResponseStatus status, String message) {
            this.status = status;
            this.message = message;
        }
    }

    final ClientConnection client;
    private final HttpRequest request;
    private final long startNanos;
    private final long startMillis;
    private final String target;
    private final HttpVersion clientVersion;
    private final boolean head;
    private String host;
    private CharSequence requestId;
    private String clientAddress;
    private boolean keepAlive;
    private boolean hasBody;
    private boolean idempotent;
    private RouteState route;
    private ClusterState cluster;
    private RouteMeters meters;

    boolean requestComplete;
    private long bytesIn;
    private ArrayDeque<HttpContent> buffered;
    private int bufferedBytes;

    UpstreamConnection upstream;
    private UpstreamPool pendingPool;
    private boolean waitingInLine;
    private EndpointState endpoint;
    private EndpointState firstEndpoint;
    private EndpointState[] tried;
    private int attempts;
    private boolean retryTaken;
    private boolean sentUpstream;
    private boolean requestSent;
    private long attemptStartNanos;
    private long upstreamNanos = -1;
    private String answeredBy = "";
    boolean deadlineSet;
    long deadlineNanos;

    private int status;
    private boolean responseStarted;
    private boolean answeredLocally;
    private boolean interim;
    private boolean upstreamKeepAlive;
    private boolean closeAfterResponse;
    private long bytesOut;
    private boolean finished;

    Exchange(ClientConnection client, HttpRequest request, long startNanos) {
        this.client = client;
        this.request = request;
        this.startNanos = startNanos;
        this.startMillis = client.server.accessLog == null ? 0 : System.currentTimeMillis();
        this.target = request.uri();
        this.clientVersion = request.protocolVersion();
        this.head = request.method().equals(HttpMethod.HEAD);
    }

    void start() {
        HttpHeaders headers = request.headers();
        String givenId = headers.get(HeaderNames.X_REQUEST_ID);
        boolean keepId = givenId != null && !givenId.isEmpty() && givenId.length() <= MAX_REQUEST_ID_LENGTH;
        requestId = keepId ? givenId : RequestIds.next();
        host = headers.get(HttpHeaderNames.HOST);
        clientAddress = client.peer.text;
        Rejection rejection = RequestChecks.check(request);
        if (rejection != null) {
            ReferenceCountUtil.release(request);
            meters = client.server.unmatchedMeters;
            meters.requestStarted();
            answer(rejection.status(), rejection.message(), true);
            return;
        }
        keepAlive = HttpUtil.isKeepAlive(request);
        hasBody = HttpUtil.isTransferEncodingChunked(request) || HttpUtil.getContentLength(request, 0L) > 0;
        RequestTarget parsed = RequestTarget.parse(target);
        if (parsed.authority() != null) {
            host = parsed.authority();
            headers.set(HttpHeaderNames.HOST, host);
        }
        ProxySnapshot snapshot = client.server.snapshot();
        RouteMatch match = snapshot.table.match(host, parsed.path(), request.method().name(), headers);
        route = match == null ? null : snapshot.route(match.route());
        if (route == null) {
            meters = client.server.unmatchedMeters;
            meters.requestStarted();
            answer(HttpResponseStatus.NOT_FOUND, "no route for this host and path", false);
            return;
        }
        meters = route.meters;
        meters.requestStarted();
        client.useIdleTimeout(route.idleNanos);
        idempotent = isIdempotent(request.method());

        HopByHopHeaders.strip(headers);
        clientAddress = ForwardingHeaders.apply(headers, host, client.peer, snapshot);
        if (!keepId) {
            headers.set(HeaderNames.X_REQUEST_ID, requestId);
        }
        String path = match.upstreamPath();
        if (parsed.authority() != null || !path.equals(parsed.path())) {
            request.setUri(parsed.query().isEmpty() ? path : path + parsed.query());
        }
        request.setProtocolVersion(HttpVersion.HTTP_1_1);
        cluster = route.chooseCluster();
        attempt(System.nanoTime());
    }

    private static boolean isIdempotent(HttpMethod method) {
        return method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD) || method.equals(HttpMethod.OPTIONS)
                || method.equals(HttpMethod.PUT) || method.equals(HttpMethod.DELETE) || method.equals(HttpMethod.TRACE);
    }

    private void attempt(long now) {
        EndpointState chosen = cluster.choose(now, null, 0);
        if (chosen == null) {
            answer(HttpResponseStatus.SERVICE_UNAVAILABLE, cluster.endpoints.length == 0
                    ? "no endpoint serves " + cluster.name : "no endpoint of " + cluster.name + " is available", false);
            return;
        }
        firstEndpoint = chosen;
        attempt(chosen);
    }

    private void attempt(EndpointState chosen) {
        attempts++;
        endpoint = chosen;
        chosen.inFlight.incrementAndGet();
        sentUpstream = false;
        requestSent = false;
        UpstreamConnection ready = chosen.pool(client.loop)
                .acquire(this, cluster.maxConnectionsPerEndpoint, route.connectTimeoutMillis);
        if (ready != null) {
            bind(ready, false);
        }
    }

    /** Another endpoint for a retry (the same one only when no other is eligible), or null. */
    private EndpointState chooseForRetry(long now) {
        if (tried == null) {
            tried = new EndpointState[route.retry.maxRetries() + 1];
            tried[0] = firstEndpoint;
        }
        EndpointState chosen = cluster.choose(now, tried, attempts);
        if (chosen != null) {
            tried[attempts] = chosen;
        }
        return chosen;
    }

    long connectTimeoutMillis() {
        return route.connectTimeoutMillis;
    }

    /** The pool opens a connection for this exchange. */
    void connecting(UpstreamPool pool) {
        pendingPool = pool;
    }

    /** The pool is at its limit: this exchange waits in line, at most the connect timeout. */
    void waitForConnection(UpstreamPool pool) {
        pendingPool = pool;
        waitingInLine = true;
        setDeadline(System.nanoTime() + route.connectTimeoutMillis * 1_000_000L);
    }

    /** A connection for this exchange; false when it no longer wants one. */
    boolean upstreamReady(UpstreamPool pool, UpstreamConnection connection, boolean flushNow) {
        if (finished || pendingPool != pool) {
            return false;
        }
        pendingPool = null;
        if (waitingInLine) {
            waitingInLine = false;
            deadlineSet = false;
        }
        bind(connection, flushNow);
        return true;
    }

    void connectFailed(UpstreamPool pool, Throwable cause) {
        if (finished || pendingPool != pool) {
            return;
        }
        pendingPool = null;
        LOG.debug("cannot connect to {}: {}", pool.endpoint, cause.toString());
        attemptFailed(cause instanceof io.netty.channel.ConnectTimeoutException ? Failure.CONNECT_TIMEOUT : Failure.CONNECT);
    }

    private void bind(UpstreamConnection connection, boolean flushNow) {
        upstream = connection;
        connection.owner = this;
        connection.idleTimeoutNanos = route.idleNanos;
        ChannelHandlerContext ctx = connection.context;
        attemptStartNanos = System.nanoTime();
        ctx.write(request, ctx.voidPromise());
        sentUpstream = true;
        if (buffered != null) {
            HttpContent content;
            while ((content = buffered.pollFirst()) != null) {
                ctx.write(content, ctx.voidPromise());
            }
            bufferedBytes = 0;
        }
        if (requestComplete) {
            if (!hasBody) {
                ctx.write(LastHttpContent.EMPTY_LAST_CONTENT, ctx.voidPromise());
            }
            requestWritten(attemptStartNanos);
        }
        if (flushNow) {
            ctx.flush();
        } else {
            client.flushUpstream(connection.channel);
        }
        if (!client.channel().config().isAutoRead()) {
            client.updateReading();
        }
    }

    private void requestWritten(long now) {
        requestSent = true;
        setDeadline(now + route.responseHeaderNanos);
    }

    void clientContent(HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        if (content.decoderResult().isFailure()) {
            String message = content.decoderResult().cause().getMessage();
            content.release();
            requestComplete = true;
            dropUpstream();
            answer(HttpResponseStatus.BAD_REQUEST, "malformed request body" + (message == null ? "" : ": " + message),
                    true);
            return;
        }
        if (answeredLocally || finished) {
            content.release();
            if (last) {
                requestComplete = true;
                finish(false);
            }
            return;
        }
        bytesIn += content.content().readableBytes();
        if (last) {
            requestComplete = true;
        }
        UpstreamConnection connection = upstream;
        if (connection != null) {
            ChannelHandlerContext ctx = connection.context;
            if (hasBody) {
                ctx.write(content, ctx.voidPromise());
            } else {
                content.release();
                if (last) {
                    ctx.write(LastHttpContent.EMPTY_LAST_CONTENT, ctx.voidPromise());
                }
            }
            client.flushUpstream(connection.channel);
            if (last) {
                requestWritten(System.nanoTime());
            }
        } else if (hasBody) {
            if (buffered == null) {
                buffered = new ArrayDeque<>(4);
            }
            buffered.addLast(content);
            bufferedBytes += content.content().readableBytes();
            if (bufferedBytes > MAX_BUFFERED_BODY) {
                client.updateReading();
            }
        } else {
            content.release();
        }
    }

    boolean mayReadClient() {
        if (requestComplete) {
            return true;
        }
        UpstreamConnection connection = upstream;
        return connection != null ? connection.channel.isWritable() : bufferedBytes <= MAX_BUFFERED_BODY;
    }

    void upstreamRead(UpstreamConnection connection, Object msg) {
        if (connection != upstream) {
            ReferenceCountUtil.release(msg);
            return;
        }
        client.lastActivityNanos = System.nanoTime();
        if (msg instanceof HttpResponse response && !responseHead(response)) {
            return;
        }
        if (msg instanceof HttpContent content) {
            responseContent(content);
        }
    }

    /** Handles the response head; false when the message was consumed (an invalid response). */
    private boolean responseHead(HttpResponse response) {
        if (response.decoderResult().isFailure()) {
            ReferenceCountUtil.release(response);
            attemptFailed(Failure.BAD_RESPONSE);
            return false;
        }
        int code = response.status().code();
        if (code == 101) {
            ReferenceCountUtil.release(response);
            attemptFailed(Failure.BAD_RESPONSE);
            return false;
        }
        if (code < 200) {
            interim = true;
            if (clientVersion.minorVersion() > 0) {
                HopByHopHeaders.strip(response.headers());
                client.encoder.answeringHead = false;
                client.context.write(response, client.context.voidPromise());
            }
            return true;
        }
        deadlineSet = false;
        long now = System.nanoTime();
        upstreamNanos = now - attemptStartNanos;
        cluster.meters.upstreamRequest(upstreamNanos);
        status = code;
        answeredBy = endpoint.id;
        if (code >= 500) {
            cluster.gatewayFailed(endpoint, "5xx", now);
        } else {
            endpoint.answered();
        }
        upstreamKeepAlive = HttpUtil.isKeepAlive(response);
        prepareResponse(response, code);
        client.encoder.answeringHead = head;
        client.context.write(response, client.context.voidPromise());
        responseStarted = true;
        return true;
    }

    private void prepareResponse(HttpResponse response, int code) {
        HttpHeaders headers = response.headers();
        HopByHopHeaders.strip(headers);
        headers.set(HeaderNames.X_REQUEST_ID, requestId);
        boolean bodyless = head || code == 204 || code == 304;
        boolean chunked = HttpUtil.isTransferEncodingChunked(response);
        boolean lengthKnown = headers.contains(HttpHeaderNames.CONTENT_LENGTH);
        boolean http10 = clientVersion.minorVersion() == 0;
        if (http10) {
            if (chunked) {
                headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
                closeAfterResponse = true;
            } else if (!lengthKnown && !bodyless) {
                closeAfterResponse = true;
            }
        } else if (!chunked && !lengthKnown && !bodyless) {
            // A body delimited by the upstream closing its connection goes out chunked: the client's stays open.
            headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        if (!keepAlive || client.closing) {
            closeAfterResponse = true;
        }
        if (closeAfterResponse) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (http10) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        response.setProtocolVersion(HttpVersion.HTTP_1_1);
    }

    private void responseContent(HttpContent content) {
        if (content.decoderResult().isFailure()) {
            content.release();
            dropUpstream();
            abortClient();
            return;
        }
        boolean last = content instanceof LastHttpContent;
        ChannelHandlerContext ctx = client.context;
        if (interim) {
            if (last) {
                interim = false;
            }
            if (clientVersion.minorVersion() > 0) {
                ctx.write(content, ctx.voidPromise());
                client.writeLater();
            } else {
                content.release();
            }
            return;
        }
        bytesOut += content.content().readableBytes();
        ctx.write(content, ctx.voidPromise());
        if (last) {
            responseComplete();
        } else {
            client.writeLater();
        }
    }

    private void responseComplete() {
        UpstreamConnection connection = upstream;
        upstream = null;
        if (!requestComplete) {
            closeAfterResponse = true;
        }
        releaseEndpoint();
        connection.pool.release(connection, upstreamKeepAlive && requestSent);
        finish(closeAfterResponse);
    }

    void upstreamClosed(UpstreamConnection connection) {
        if (connection != upstream) {
            return;
        }
        upstream = null;
        if (responseStarted) {
            cluster.meters.upstreamError("reset");
            abortClient();
        } else {
            attemptFailed(Failure.RESET);
        }
    }

    void deadlineExpired() {
        deadlineSet = false;
        if (waitingInLine) {
            waitingInLine = false;
            attemptFailed(Failure.NO_CONNECTION);
        } else if (upstream != null && requestSent && !responseStarted) {
            attemptFailed(Failure.RESPONSE_TIMEOUT);
        }
    }

    /** Nothing moved in either direction for the idle timeout. */
    void idleExpired() {
        dropUpstream();
        if (!requestComplete) {
            answer(HttpResponseStatus.REQUEST_TIMEOUT, "request not received in time", true);
        } else {
            answer(HttpResponseStatus.GATEWAY_TIMEOUT, "no data from upstream in time", true);
        }
    }

    void clientClosed() {
        if (finished) {
            return;
        }
        dropUpstream();
        if (!responseStarted) {
            status = 499;
        }
        finish(true);
    }

    private void attemptFailed(Failure failure) {
        long now = System.nanoTime();
        UpstreamConnection connection = upstream;
        if (connection != null) {
            upstream = null;
            connection.owner = null;
            connection.channel.close();
        }
        if (pendingPool != null) {
            pendingPool.cancel(this);
            pendingPool = null;
        }
        waitingInLine = false;
        deadlineSet = false;
        switch (failure) {
            case CONNECT, CONNECT_TIMEOUT -> cluster.connectFailed(endpoint, now);
            case RESET -> cluster.gatewayFailed(endpoint, "reset", now);
            case BAD_RESPONSE -> cluster.gatewayFailed(endpoint, "bad_response", now);
            case RESPONSE_TIMEOUT -> cluster.gatewayFailed(endpoint, "timeout", now);
            case NO_CONNECTION -> cluster.meters.upstreamError("timeout");
        }
        releaseEndpoint();
        if (retryTaken) {
            retryTaken = false;
            cluster.retryFinished();
        }
        if (mayRetry() && cluster.tryStartRetry(route.retry, now)) {
            EndpointState next = chooseForRetry(now);
            if (next != null) {
                retryTaken = true;
                cluster.meters.retry();
                attempt(next);
                return;
            }
            cluster.retryFinished();
        }
        answer(failure.status, failure.message, false);
    }

    private boolean mayRetry() {
        return !finished && !responseStarted && client.channel().isActive() && attempts <= route.retry.maxRetries()
                && (!sentUpstream || idempotent && !hasBody);
    }

    /** Lets go of the upstream side: an open connection closes (it is mid-exchange), a pending one is cancelled. */
    private void dropUpstream() {
        UpstreamConnection connection = upstream;
        if (connection != null) {
            upstream = null;
            connection.owner = null;
            connection.channel.close();
        }
        if (pendingPool != null) {
            pendingPool.cancel(this);
            pendingPool = null;
        }
        waitingInLine = false;
        deadlineSet = false;
        releaseEndpoint();
    }

    private void releaseEndpoint() {
        if (endpoint != null) {
            endpoint.inFlight.decrementAndGet();
            endpoint = null;
        }
    }

    /** A response the edge writes itself; when a proxied response already started, the client is cut off instead. */
    private void answer(HttpResponseStatus answer, String message, boolean forceClose) {
        if (finished) {
            return;
        }
        if (responseStarted) {
            abortClient();
            return;
        }
        status = answer.code();
        responseStarted = true;
        answeredLocally = true;
        boolean close = forceClose || !keepAlive || client.closing || !requestComplete && hasBody;
        FullHttpResponse response = LocalResponses.error(client.context.alloc(), answer, message, requestId, close);
        if (!close && clientVersion.minorVersion() == 0) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        bytesOut = head ? 0 : response.content().readableBytes();
        client.encoder.answeringHead = head;
        client.context.writeAndFlush(response, client.context.voidPromise());
        if (close || requestComplete) {
            finish(close);
        }
    }

    private void abortClient() {
        dropUpstream();
        client.closing = true;
        client.channel().close();
        finish(true);
    }

    private void setDeadline(long at) {
        deadlineSet = true;
        deadlineNanos = at;
        client.armTimer(at);
    }

    private void finish(boolean close) {
        if (finished) {
            return;
        }
        releaseEndpoint();
        finished = true;
        deadlineSet = false;
        if (pendingPool != null) {
            pendingPool.cancel(this);
            pendingPool = null;
        }
        if (buffered != null) {
            HttpContent content;
            while ((content = buffered.pollFirst()) != null) {
                content.release();
            }
        }
        if (retryTaken) {
            retryTaken = false;
            cluster.retryFinished();
        }
        long now = System.nanoTime();
        meters.requestFinished(status, now - startNanos);
        Consumer<AccessLogEntry> accessLog = client.server.accessLog;
        if (accessLog != null) {
            log(accessLog, now);
        }
        if (!close) {
            client.flushNow();
        }
        client.exchangeEnded(this, close);
    }

    private void log(Consumer<AccessLogEntry> accessLog, long now) {
        try {
            accessLog.accept(new AccessLogEntry(startMillis, clientAddress, request.method().name(),
                    host == null ? "" : host, target, clientVersion.text(), status, bytesIn, bytesOut,
                    route == null ? "" : route.id, answeredBy, attempts, (now - startNanos) / 1000,
                    upstreamNanos < 0 ? -1 : upstreamNanos / 1000, requestId.toString()));
        } catch (RuntimeException e) {
            LOG.warn("access log consumer failed", e);
        }
    }
}

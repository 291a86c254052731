package dev.moor.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Calls the local API of a running Moor over its Unix socket, one connection per request. Every failure is an
 * {@link ApiException}: the server's status and error message, 503 when no Moor answers on the socket, 502 when
 * the connection breaks, 504 when Moor does not answer in time.
 */
public final class LocalApiClient implements AutoCloseable {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final int MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

    private final Path socket;
    private final EventLoopGroup group;

    /**
     * A client of the Moor serving {@code socket}, connecting on each request. Closing it releases its I/O
     * thread, a daemon thread that never keeps the JVM alive.
     */
    public LocalApiClient(Path socket) {
        this.socket = Objects.requireNonNull(socket, "socket");
        this.group = EpollTransport.newGroup("moor-api-client", 1);
    }

    /**
     * A client of the Moor serving {@code socket}, checked to exist.
     *
     * @throws ApiException (503) when there is no socket at that path
     */
    public static LocalApiClient connect(Path socket) {
        if (Files.notExists(socket)) {
            throw ClientErrors.noMoor(socket);
        }
        return new LocalApiClient(socket);
    }

    public Path socket() {
        return socket;
    }

    /** {@code GET pathAndQuery} (query already URL-encoded), for example {@code /v1/logs?service=web}. */
    public ApiResult get(String pathAndQuery) {
        return exchange(request(HttpMethod.GET, pathAndQuery, new byte[0]));
    }

    /** {@code POST path} with {@code jsonBody} written as JSON (no body when null). */
    public ApiResult post(String path, Object jsonBody) {
        byte[] body;
        try {
            body = jsonBody == null ? new byte[0] : ApiJson.mapper().writeValueAsBytes(jsonBody);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write the request to " + path + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
        return exchange(request(HttpMethod.POST, path, body));
    }

    /**
     * {@code GET pathAndQuery} as a stream: hands each line (without its newline) to {@code lines} on the calling
     * thread and blocks until the server ends the response. Returns early, with the interrupt flag set, when the
     * calling thread is interrupted; an exception thrown by {@code lines} stops the stream and propagates. Either
     * way the connection is closed, which tells the server's handler to stop.
     */
    public void stream(String pathAndQuery, Consumer<String> lines) {
        LineStreamReceiver receiver = new LineStreamReceiver(socket);
        FullHttpRequest request = request(HttpMethod.GET, pathAndQuery, new byte[0]);
        Channel channel = send(request, receiver::fail, new HttpClientCodec(), receiver);
        try {
            receiver.drainTo(lines);
        } finally {
            channel.close();
        }
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private ApiResult exchange(FullHttpRequest request) {
        CompletableFuture<ApiResult> answer = new CompletableFuture<>();
        Channel channel = send(request, answer::completeExceptionally, new HttpClientCodec(),
                new HttpObjectAggregator(MAX_RESPONSE_BYTES), new ResponseCollector(socket, answer));
        try {
            return answer.get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw (ApiException) e.getCause();
        } catch (TimeoutException e) {
            throw new ApiException(504, "Moor at " + socket + " did not answer " + request.method() + " "
                    + request.uri() + " within " + REQUEST_TIMEOUT.toSeconds() + "s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for Moor at " + socket);
        } finally {
            channel.close();
        }
    }

    /**
     * Connects a new channel with {@code pipeline} and sends {@code request} on it; a failure to do either goes to
     * {@code onFailure}.
     */
    private Channel send(FullHttpRequest request, Consumer<ApiException> onFailure, ChannelHandler... pipeline) {
        ChannelFuture connecting = new Bootstrap()
                .group(group)
                .channel(EpollDomainSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) CONNECT_TIMEOUT.toMillis())
                .handler(new ChannelInitializer<EpollDomainSocketChannel>() {
                    @Override
                    protected void initChannel(EpollDomainSocketChannel channel) {
                        channel.pipeline().addLast(pipeline);
                    }
                })
                .connect(new DomainSocketAddress(socket.toFile()));
        connecting.addListener((ChannelFuture connected) -> {
            if (!connected.isSuccess()) {
                ReferenceCountUtil.release(request);
                onFailure.accept(ClientErrors.connectFailed(socket, connected.cause()));
                return;
            }
            connected.channel().writeAndFlush(request).addListener(written -> {
                if (!written.isSuccess()) {
                    onFailure.accept(ClientErrors.failed(socket, written.cause()));
                }
            });
        });
        return connecting.channel();
    }

    private static FullHttpRequest request(HttpMethod method, String pathAndQuery, byte[] body) {
        if (!pathAndQuery.startsWith("/")) {
            throw new IllegalArgumentException("path: " + pathAndQuery + " (expected: an absolute path such as "
                    + "/v1/status)");
        }
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, pathAndQuery,
                Unpooled.wrappedBuffer(body));
        request.headers()
                .set(HttpHeaderNames.HOST, "moor")
                .set(HttpHeaderNames.ACCEPT, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        if (body.length > 0) {
            request.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        }
        return request;
    }
}

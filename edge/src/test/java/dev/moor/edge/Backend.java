package dev.moor.edge;

import dev.moor.snapshot.Endpoint;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP/1.1 server started per test (register it with {@code @RegisterExtension}): it records every
 * request it receives (head as soon as it arrives, body streamed into a count and a SHA-256), counts the
 * connections it accepts, and answers as the test's {@link Responder} says; by default 200 with its name.
 */
final class Backend implements BeforeEachCallback, AfterEachCallback {
    /** What the backend saw of one request. */
    static final class Received {
        final String method;
        final String uri;
        final HttpHeaders headers;
        final int connection;
        private final MessageDigest digest;
        private final StringBuilder text = new StringBuilder();
        volatile long bodyBytes;
        volatile boolean complete;
        volatile String sha256;

        Received(HttpRequest request, int connection) {
            this.method = request.method().name();
            this.uri = request.uri();
            this.headers = request.headers().copy();
            this.connection = connection;
            try {
                this.digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        synchronized String body() {
            return text.toString();
        }

        private synchronized void add(ByteBuf content) {
            bodyBytes += content.readableBytes();
            digest.update(content.nioBuffer());
            if (text.length() < 65536) {
                text.append(content.toString(StandardCharsets.UTF_8));
            }
        }

        private synchronized void end() {
            sha256 = HexFormat.of().formatHex(digest.digest());
            complete = true;
        }
    }

    /** Writes the response to a fully received request (or does not, to simulate a failure). */
    @FunctionalInterface
    interface Responder {
        void respond(Received request, ChannelHandlerContext ctx);
    }

    private final String name;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger closedConnections = new AtomicInteger();
    private final List<Received> requests = new CopyOnWriteArrayList<>();
    private volatile Responder responder;
    private volatile Duration pauseReading = Duration.ZERO;
    private MultiThreadIoEventLoopGroup group;
    private Channel server;

    Backend(String name) {
        this.name = name;
        this.responder = text(200, name);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stop();
    }

    void start() {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.ALLOCATOR, UnpooledByteBufAllocator.DEFAULT)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(new HttpServerCodec(new HttpDecoderConfig()
                                        .setMaxInitialLineLength(64 * 1024).setMaxHeaderSize(128 * 1024)),
                                new HttpServerExpectContinueHandler(),
                                new RequestHandler(connections.incrementAndGet()));
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .syncUninterruptibly()
                .channel();
    }

    void stop() {
        if (server != null) {
            server.close().syncUninterruptibly();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            server = null;
        }
    }

    String name() {
        return name;
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    Endpoint endpoint() {
        return new Endpoint(name, new InetSocketAddress("127.0.0.1", port()));
    }

    void respond(Responder responder) {
        this.responder = responder;
    }

    /** Each new connection reads nothing for this long: the edge must hold back instead of buffering. */
    void pauseReadingOnConnect(Duration pause) {
        this.pauseReading = pause;
    }

    List<Received> requests() {
        return requests;
    }

    Received lastRequest() {
        return requests.getLast();
    }

    int connectionsAccepted() {
        return connections.get();
    }

    int connectionsClosed() {
        return closedConnections.get();
    }

    private final class RequestHandler extends ChannelInboundHandlerAdapter {
        private final int connection;
        private Received current;

        RequestHandler(int connection) {
            this.connection = connection;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            Duration pause = pauseReading;
            if (pause.isPositive()) {
                ctx.channel().config().setAutoRead(false);
                ctx.executor().schedule(() -> ctx.channel().config().setAutoRead(true), pause.toMillis(),
                        TimeUnit.MILLISECONDS);
            }
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof HttpRequest request) {
                    current = new Received(request, connection);
                    requests.add(current);
                }
                if (msg instanceof HttpContent content && current != null) {
                    current.add(content.content());
                    if (content instanceof LastHttpContent) {
                        Received done = current;
                        current = null;
                        done.end();
                        responder.respond(done, ctx);
                    }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            closedConnections.incrementAndGet();
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    // Responders

    static Responder text(int status, String body) {
        return (request, ctx) -> ctx.writeAndFlush(full(status, body, request));
    }

    static FullHttpResponse full(int status, String body, Received request) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        HttpUtil.setContentLength(response, response.content().readableBytes());
        return response;
    }

    static Responder delayed(Duration delay, Responder then) {
        return (request, ctx) -> ctx.executor().schedule(() -> then.respond(request, ctx), delay.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Writes these bytes as they are, bypassing the HTTP encoder. */
    static Responder raw(String bytes) {
        return (request, ctx) -> ctx.pipeline().firstContext()
                .writeAndFlush(Unpooled.copiedBuffer(bytes, StandardCharsets.ISO_8859_1));
    }

    /** Writes these bytes as they are, {@code piece} bytes at a time with a flush and a pause between pieces. */
    static Responder trickle(String bytes, int piece) {
        return (request, ctx) -> trickle(ctx, bytes.getBytes(StandardCharsets.ISO_8859_1), 0, piece);
    }

    private static void trickle(ChannelHandlerContext ctx, byte[] bytes, int from, int piece) {
        if (from >= bytes.length || !ctx.channel().isActive()) {
            return;
        }
        int length = Math.min(piece, bytes.length - from);
        ctx.pipeline().firstContext().writeAndFlush(Unpooled.copiedBuffer(bytes, from, length));
        ctx.executor().schedule(() -> trickle(ctx, bytes, from + length, piece), 1, TimeUnit.MILLISECONDS);
    }

    /** Closes the connection without answering. */
    static Responder close() {
        return (request, ctx) -> ctx.close();
    }

    /** Never answers. */
    static Responder silent() {
        return (request, ctx) -> { };
    }

    /** A chunked response, one flush per chunk with a pause between them. */
    static Responder chunked(List<String> chunks, Duration pause) {
        return (request, ctx) -> {
            HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            ctx.writeAndFlush(head);
            writeChunks(ctx, chunks, 0, pause);
        };
    }

    private static void writeChunks(ChannelHandlerContext ctx, List<String> chunks, int next, Duration pause) {
        if (next == chunks.size()) {
            ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
            return;
        }
        ctx.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(chunks.get(next), StandardCharsets.UTF_8)));
        ctx.executor().schedule(() -> writeChunks(ctx, chunks, next + 1, pause), pause.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** {@code size} bytes of {@link #pattern}, with Content-Length, written only while the socket takes them. */
    static Responder stream(long size) {
        return (request, ctx) -> {
            HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            HttpUtil.setContentLength(head, size);
            ctx.write(head);
            new Streamer(ctx, size).pump();
        };
    }

    /** The body bytes of {@link #stream}: byte i is {@code i % 251}. */
    static byte pattern(long i) {
        return (byte) (i % 251);
    }

    private static final class Streamer {
        private static final int CHUNK = 64 * 1024;
        /** pattern(i) for i in 0 .. CHUNK + 250: any chunk is one slice of it. */
        private static final byte[] PATTERN = new byte[CHUNK + 251];

        static {
            for (int i = 0; i < PATTERN.length; i++) {
                PATTERN[i] = pattern(i);
            }
        }

        private final ChannelHandlerContext ctx;
        private final long size;
        private long sent;

        Streamer(ChannelHandlerContext ctx, long size) {
            this.ctx = ctx;
            this.size = size;
        }

        void pump() {
            while (sent < size && ctx.channel().isWritable()) {
                int length = (int) Math.min(CHUNK, size - sent);
                ByteBuf chunk = ctx.alloc().buffer(length);
                chunk.writeBytes(PATTERN, (int) (sent % 251), length);
                sent += length;
                ctx.writeAndFlush(sent == size ? new DefaultLastHttpContent(chunk) : new DefaultHttpContent(chunk));
            }
            if (sent < size && ctx.channel().isActive()) {
                ctx.channel().eventLoop().schedule(this::pump, 1, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Closes the connection after the response, without saying so in a Connection header. */
    static Responder thenClose(Responder responder) {
        return (request, ctx) -> {
            responder.respond(request, ctx);
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        };
    }
}

package dev.moor.edge;

import dev.moor.snapshot.Endpoint;

import io.netty.bootstrap.ServerBootstrap;
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
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A WebSocket echo server started per test (register it with {@code @RegisterExtension}), made with Netty's
 * WebSocketServerProtocolHandler: on {@code /ws} it echoes every text and binary message, and answers the text
 * {@code close-me} with a close frame (4000, "server bye"); {@code GET /plain} gets 200 "plain"; any other
 * request, upgrade or not, 403. It records the heads of the requests it receives and counts its connections.
 */
final class WebSocketBackend implements BeforeEachCallback, AfterEachCallback {
    static final int MAX_MESSAGE = 64 * 1024 * 1024;

    private final String name;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger closedConnections = new AtomicInteger();
    private final AtomicInteger echoesStarted = new AtomicInteger();
    /** The head of one request received. */
    record Received(String uri, HttpHeaders headers) {}

    private final List<Received> requests = new CopyOnWriteArrayList<>();
    private MultiThreadIoEventLoopGroup group;
    private Channel server;

    WebSocketBackend(String name) {
        this.name = name;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.ALLOCATOR, UnpooledByteBufAllocator.DEFAULT)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024),
                                new Recorder(),
                                new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                                        .websocketPath("/ws")
                                        .maxFramePayloadLength(MAX_MESSAGE)
                                        .build()),
                                new WebSocketFrameAggregator(MAX_MESSAGE),
                                new Echo(echoesStarted));
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .syncUninterruptibly()
                .channel();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    Endpoint endpoint() {
        return new Endpoint(name, new InetSocketAddress("127.0.0.1", ((InetSocketAddress) server.localAddress()).getPort()));
    }

    /** The request heads received, handshakes included. */
    List<Received> requests() {
        return requests;
    }

    int connectionsAccepted() {
        return connections.get();
    }

    int connectionsClosed() {
        return closedConnections.get();
    }

    /** Messages the server started to echo (their bytes may still wait for the socket to take them). */
    int echoesStarted() {
        return echoesStarted.get();
    }

    private final class Recorder extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            connections.incrementAndGet();
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof FullHttpRequest request) {
                requests.add(new Received(request.uri(), request.headers().copy()));
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            closedConnections.incrementAndGet();
            ctx.fireChannelInactive();
        }
    }

    private static final class Echo extends ChannelInboundHandlerAdapter {
        private final AtomicInteger echoesStarted;

        Echo(AtomicInteger echoesStarted) {
            this.echoesStarted = echoesStarted;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof FullHttpRequest request) {
                    boolean plain = request.uri().equals("/plain");
                    ctx.writeAndFlush(text(plain ? HttpResponseStatus.OK : HttpResponseStatus.FORBIDDEN,
                            plain ? "plain" : "no WebSocket here"));
                } else if (msg instanceof TextWebSocketFrame text) {
                    if (text.text().equals("close-me")) {
                        ctx.writeAndFlush(new CloseWebSocketFrame(4000, "server bye")).addListener(ChannelFutureListener.CLOSE);
                    } else {
                        ctx.writeAndFlush(new TextWebSocketFrame(text.content().retain()));
                        echoesStarted.incrementAndGet();
                    }
                } else if (msg instanceof BinaryWebSocketFrame binary) {
                    ctx.writeAndFlush(new BinaryWebSocketFrame(binary.content().retain()));
                    echoesStarted.incrementAndGet();
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private static FullHttpResponse text(HttpResponseStatus status, String body) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
            HttpUtil.setContentLength(response, response.content().readableBytes());
            return response;
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}

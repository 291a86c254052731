package dev.moor.cli;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.http3.DefaultHttp3HeadersFrame;
import io.netty.handler.codec.http3.Http3;
import io.netty.handler.codec.http3.Http3ClientConnectionHandler;
import io.netty.handler.codec.http3.Http3DataFrame;
import io.netty.handler.codec.http3.Http3Headers;
import io.netty.handler.codec.http3.Http3HeadersFrame;
import io.netty.handler.codec.http3.Http3RequestStreamInboundHandler;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * GETs over HTTP/3 with Netty's client: one QUIC connection to 127.0.0.1 naming {@code localhost}, whose certificate
 * chain is verified against a root (and the name against the certificate).
 */
final class Http3Get {
    /** A final response: its fields (with :status) and its body as text. */
    record Response(Http3Headers headers, String body) {
        int status() {
            return Integer.parseInt(headers.status().toString());
        }

        String header(String name) {
            CharSequence value = headers.get(name);
            return value == null ? null : value.toString();
        }
    }

    private Http3Get() {}

    /** The responses to GETs of {@code paths}, in order, on one connection. */
    static List<Response> get(int port, X509Certificate root, String... paths) throws Exception {
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            QuicSslContext ssl = QuicSslContextBuilder.forClient().trustManager(root)
                    .applicationProtocols(Http3.supportedApplicationProtocols()).build();
            Channel udp = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                    .handler(Http3.newQuicClientCodecBuilder()
                            .sslEngineProvider(channel -> ssl.newEngine(channel.alloc(), "localhost", port))
                            .maxIdleTimeout(10, TimeUnit.SECONDS)
                            .initialMaxData(16 << 20)
                            .initialMaxStreamDataBidirectionalLocal(4 << 20)
                            .build())
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
            QuicChannel quic = QuicChannel.newBootstrap(udp).handler(new Http3ClientConnectionHandler())
                    .remoteAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)).connect()
                    .get(10, TimeUnit.SECONDS);
            List<Response> responses = new ArrayList<>();
            for (String path : paths) {
                CompletableFuture<Response> response = new CompletableFuture<>();
                QuicStreamChannel stream = Http3.newRequestStream(quic, new Collector(response))
                        .get(10, TimeUnit.SECONDS);
                Http3HeadersFrame head = new DefaultHttp3HeadersFrame();
                head.headers().method("GET").path(path).scheme("https").authority("localhost:" + port);
                stream.writeAndFlush(head).addListener(QuicStreamChannel.SHUTDOWN_OUTPUT);
                responses.add(response.get(30, TimeUnit.SECONDS));
            }
            quic.close().sync();
            udp.close().sync();
            return responses;
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** Gathers a response's final HEADERS and its DATA until the stream ends. */
    private static final class Collector extends Http3RequestStreamInboundHandler {
        private final CompletableFuture<Response> response;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private Http3Headers headers;

        Collector(CompletableFuture<Response> response) {
            this.response = response;
        }

        @Override
        protected void channelRead(ChannelHandlerContext ctx, Http3HeadersFrame frame) {
            if (headers == null && frame.headers().status().charAt(0) != '1') {
                headers = frame.headers();
            }
        }

        @Override
        protected void channelRead(ChannelHandlerContext ctx, Http3DataFrame frame) {
            ByteBuf content = frame.content();
            byte[] bytes = new byte[content.readableBytes()];
            content.readBytes(bytes);
            body.writeBytes(bytes);
            frame.release();
        }

        @Override
        protected void channelInputClosed(ChannelHandlerContext ctx) {
            if (headers == null) {
                response.completeExceptionally(new IllegalStateException("the stream ended without a response"));
            } else {
                response.complete(new Response(headers, body.toString(StandardCharsets.UTF_8)));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            response.completeExceptionally(cause);
            ctx.close();
        }
    }
}

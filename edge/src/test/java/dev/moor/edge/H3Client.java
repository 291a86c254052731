package dev.moor.edge;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.http3.DefaultHttp3DataFrame;
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
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Netty's HTTP/3 client over one QUIC connection to 127.0.0.1, naming a server by SNI and verifying the chain it
 * presents against a CA (and the name against the certificate). Requests are streams of that connection.
 */
final class H3Client implements AutoCloseable {
    /** A final response: its fields (with :status) and its body. */
    record Response(Http3Headers headers, byte[] body) {
        int status() {
            return Integer.parseInt(headers.status().toString());
        }

        String header(String name) {
            CharSequence value = headers.get(name);
            return value == null ? null : value.toString();
        }

        String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Http3ClientConnectionHandler http3 = new Http3ClientConnectionHandler();
    private final String serverName;
    private final Channel udp;
    final QuicChannel quic;

    /**
     * @throws ExecutionException when the connection cannot be made (no listener, the handshake failed)
     */
    H3Client(int port, String serverName, X509Certificate trusted, Duration idleTimeout)
            throws InterruptedException, ExecutionException {
        this(port, serverName, QuicSslContextBuilder.forClient().trustManager(trusted)
                .applicationProtocols(Http3.supportedApplicationProtocols()).build(), idleTimeout);
    }

    /** A client that checks the chain only, not that the certificate names the server. */
    static H3Client withoutNameCheck(int port, String serverName, X509Certificate trusted)
            throws InterruptedException, ExecutionException {
        return new H3Client(port, serverName, QuicSslContextBuilder.forClient().trustManager(trusted)
                .endpointIdentificationAlgorithm("").applicationProtocols(Http3.supportedApplicationProtocols())
                .build(), Duration.ofSeconds(5));
    }

    private H3Client(int port, String serverName, QuicSslContext ssl, Duration idleTimeout)
            throws InterruptedException, ExecutionException {
        this.serverName = serverName;
        Channel bound = null;
        try {
            bound = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                    .handler(Http3.newQuicClientCodecBuilder()
                            .sslEngineProvider(channel -> ssl.newEngine(channel.alloc(), serverName, port))
                            .maxIdleTimeout(idleTimeout.toMillis(), TimeUnit.MILLISECONDS)
                            .initialMaxData(64 << 20)
                            .initialMaxStreamDataBidirectionalLocal(8 << 20)
                            .build())
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
            udp = bound;
            quic = QuicChannel.newBootstrap(udp).handler(http3)
                    .remoteAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
                    .connect().get();
        } catch (InterruptedException | ExecutionException | RuntimeException e) {
            // Closing the socket's channel frees what its codec holds for the failed connection.
            if (bound != null) {
                bound.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            throw e;
        }
    }

    H3Client(int port, String serverName, X509Certificate trusted) throws InterruptedException, ExecutionException {
        this(port, serverName, trusted, Duration.ofSeconds(10));
    }

    /** The certificate the server presented first. */
    X509Certificate peerCertificate() throws javax.net.ssl.SSLPeerUnverifiedException {
        return (X509Certificate) quic.sslEngine().getSession().getPeerCertificates()[0];
    }

    boolean goAwayReceived() {
        return http3.isGoAwayReceived();
    }

    Response get(String path) throws Exception {
        return send("GET", path, null, 0);
    }

    /**
     * A request: its HEADERS (with {@code fields}, name and value pairs), then {@code body} in {@code chunk}-byte DATA
     * frames (none when null), then FIN.
     */
    Response send(String method, String path, byte[] body, int chunk, String... fields) throws Exception {
        return start(method, path, body, chunk, fields).get(60, TimeUnit.SECONDS);
    }

    /** Sends a request and returns at once; the response completes the future. */
    CompletableFuture<Response> start(String method, String path, byte[] body, int chunk, String... fields)
            throws InterruptedException, ExecutionException, TimeoutException {
        CompletableFuture<Response> response = new CompletableFuture<>();
        QuicStreamChannel stream = Http3.newRequestStream(quic, new Collector(response)).get(10, TimeUnit.SECONDS);
        Http3HeadersFrame head = new DefaultHttp3HeadersFrame();
        head.headers().method(method).path(path).scheme("https").authority(serverName);
        for (int i = 0; i + 1 < fields.length; i += 2) {
            head.headers().add(fields[i], fields[i + 1]);
        }
        if (body == null) {
            stream.writeAndFlush(head).addListener(QuicStreamChannel.SHUTDOWN_OUTPUT);
            return response;
        }
        head.headers().setLong("content-length", body.length);
        stream.writeAndFlush(head);
        for (int at = 0; at < body.length; at += chunk) {
            ByteBuf piece = Unpooled.wrappedBuffer(body, at, Math.min(chunk, body.length - at));
            // Each write completes once QUIC took it: the edge's flow control paces the loop.
            stream.writeAndFlush(new DefaultHttp3DataFrame(piece)).get(30, TimeUnit.SECONDS);
        }
        stream.shutdownOutput();
        return response;
    }

    @Override
    public void close() {
        quic.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        udp.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
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
            CharSequence status = frame.headers().status();
            if (headers == null && status != null && status.charAt(0) == '1') {
                return;
            }
            if (headers == null) {
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
                response.complete(new Response(headers, body.toByteArray()));
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            response.completeExceptionally(new IllegalStateException("the stream closed before its end"));
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            response.completeExceptionally(cause);
            ctx.close();
        }
    }
}

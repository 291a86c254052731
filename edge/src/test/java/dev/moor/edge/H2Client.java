package dev.moor.edge;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2SettingsFrame;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.util.ReferenceCountUtil;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A Netty HTTP/2 client over cleartext with prior knowledge, for what curl and h2load cannot do: streaming a
 * request body frame by frame, several streams with different fates on one connection, headers HTTP/2 forbids.
 * It validates nothing it sends and ignores the server's header list limit, so tests can send bad requests.
 */
final class H2Client implements AutoCloseable {
    /** What came back on one stream: the final response, or the reset that ended the stream. */
    record Response(int status, Http2Headers headers, String body, Http2Error reset) {}

    private final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel connection;
    /** The server's first SETTINGS. */
    final CompletableFuture<Http2Settings> settings = new CompletableFuture<>();
    /** The last stream id of the server's GOAWAY, once it sent one. */
    final CompletableFuture<Integer> goAway = new CompletableFuture<>();

    H2Client(int port) {
        connection = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(
                                Http2FrameCodecBuilder.forClient()
                                        .validateHeaders(false)
                                        .encoderIgnoreMaxHeaderListSize(true)
                                        .build(),
                                new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()),
                                new ChannelInboundHandlerAdapter() {
                                    @Override
                                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                        if (msg instanceof Http2SettingsFrame frame) {
                                            settings.complete(frame.settings());
                                        } else if (msg instanceof Http2GoAwayFrame frame) {
                                            goAway.complete(frame.lastStreamId());
                                        }
                                        ReferenceCountUtil.release(msg);
                                    }
                                });
                    }
                })
                .connect(new InetSocketAddress("127.0.0.1", port))
                .syncUninterruptibly()
                .channel();
    }

    static Http2Headers request(String method, String path, String authority) {
        Http2Headers headers = new DefaultHttp2Headers(false).method(method).path(path).scheme("http");
        if (authority != null) {
            headers.authority(authority);
        }
        return headers;
    }

    /** Opens a stream; {@code onData} gets a copy of each DATA frame's content as it arrives. */
    Stream open(Consumer<byte[]> onData) {
        StreamHandler handler = new StreamHandler(onData);
        Http2StreamChannel channel = new Http2StreamChannelBootstrap(connection).handler(handler).open()
                .syncUninterruptibly().getNow();
        return new Stream(channel, handler.response, handler.reset);
    }

    Stream open() {
        return open(content -> { });
    }

    /** Sends a request without a body and returns its stream. */
    Stream get(String path, String authority) {
        Stream stream = open();
        stream.headers(request("GET", path, authority), true);
        return stream;
    }

    static final class Stream {
        final Http2StreamChannel channel;
        final CompletableFuture<Response> response;
        /** The error code of the server's RST_STREAM, if it sent one, even after a complete response. */
        final CompletableFuture<Http2Error> reset;

        Stream(Http2StreamChannel channel, CompletableFuture<Response> response, CompletableFuture<Http2Error> reset) {
            this.channel = channel;
            this.response = response;
            this.reset = reset;
        }

        void headers(Http2Headers headers, boolean endStream) {
            channel.writeAndFlush(new DefaultHttp2HeadersFrame(headers, endStream)).syncUninterruptibly();
        }

        void data(String text, boolean endStream) {
            data(text.getBytes(StandardCharsets.UTF_8), endStream);
        }

        void data(byte[] bytes, boolean endStream) {
            channel.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(bytes), endStream))
                    .syncUninterruptibly();
        }

        Response await() {
            return response.orTimeout(30, TimeUnit.SECONDS).join();
        }

        /**
         * How many bytes of DATA the server's flow control lets this stream send now: 0 while it waits for a
         * WINDOW_UPDATE; -1 once the stream is closed.
         */
        int sendWindow() {
            Channel connection = channel.parent();
            Http2FrameCodec codec = connection.pipeline().get(Http2FrameCodec.class);
            return connection.eventLoop().submit(() -> {
                Http2Stream stream = codec.connection().stream(channel.stream().id());
                return stream == null ? -1 : codec.connection().remote().flowController().windowSize(stream);
            }).syncUninterruptibly().getNow();
        }
    }

    private static final class StreamHandler extends ChannelInboundHandlerAdapter {
        final CompletableFuture<Response> response = new CompletableFuture<>();
        final CompletableFuture<Http2Error> reset = new CompletableFuture<>();
        private final Consumer<byte[]> onData;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private Http2Headers headers;

        StreamHandler(Consumer<byte[]> onData) {
            this.onData = onData;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof Http2HeadersFrame frame) {
                    CharSequence status = frame.headers().status();
                    if (status != null && status.charAt(0) == '1') {
                        return;
                    }
                    if (headers == null) {
                        headers = frame.headers();
                    }
                    if (frame.isEndStream()) {
                        complete();
                    }
                } else if (msg instanceof Http2DataFrame frame) {
                    ByteBuf content = frame.content();
                    byte[] bytes = new byte[content.readableBytes()];
                    content.readBytes(bytes);
                    onData.accept(bytes);
                    if (body.size() < 1 << 20) {
                        body.writeBytes(bytes);
                    }
                    if (frame.isEndStream()) {
                        complete();
                    }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void complete() {
            response.complete(new Response(Integer.parseInt(headers.status().toString()), headers,
                    body.toString(StandardCharsets.UTF_8), null));
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof Http2ResetFrame frame) {
                Http2Error error = Http2Error.valueOf(frame.errorCode());
                reset.complete(error);
                response.complete(new Response(0, headers, body.toString(StandardCharsets.UTF_8), error));
            }
            ReferenceCountUtil.release(evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            response.completeExceptionally(new IllegalStateException("stream closed without a response"));
        }
    }

    @Override
    public void close() {
        connection.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}

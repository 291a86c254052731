package dev.moor.edge;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.handler.codec.http2.HttpConversionUtil.ExtensionHeaderNames;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;

/**
 * Turns one HTTP/2 stream into the HTTP/1.1 messages a {@link ClientConnection} serves, and its answer back into
 * frames: the request HEADERS become an {@link HttpRequest} (:authority as Host; a body without content-length is
 * marked chunked, as it goes upstream), DATA frames its content, trailing HEADERS its trailers. A proxied
 * response head arrives as HEADERS already ({@link #responseHeaders}); the edge's own answers and interim
 * responses become HEADERS without the connection-specific headers (Connection, Keep-Alive,
 * Transfer-Encoding...). Response content becomes DATA frames, and its end END_STREAM.
 *
 * <p>The frame codec itself resets a stream with an invalid header name or value or a connection-specific header,
 * and answers 431 to a header list over the limit. A stream whose DATA disagree with its content-length is reset
 * here, and its exchange ends as a 400; a request that cannot be expressed in HTTP/1.1 (a missing :path, a Host
 * contradicting :authority) is marked failed, so the edge answers it 400 like a malformed HTTP/1.1 request.
 */
final class Http2StreamCodec extends ChannelDuplexHandler {
    private boolean requestStarted;
    private boolean headRequest;
    /** An interim (1xx) response is being written: its content, always empty, is dropped. */
    private boolean interim;
    /** The write that carries END_STREAM, once issued. */
    private ChannelFuture responseEnd;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Http2HeadersFrame headers) {
            if (requestStarted) {
                ctx.fireChannelRead(trailers(headers));
            } else {
                requestStarted = true;
                ctx.fireChannelRead(request(headers));
                if (headers.isEndStream()) {
                    ctx.fireChannelRead(LastHttpContent.EMPTY_LAST_CONTENT);
                }
            }
        } else if (msg instanceof Http2DataFrame data) {
            ByteBuf content = data.content();
            ctx.fireChannelRead(data.isEndStream() ? new DefaultLastHttpContent(content) : new DefaultHttpContent(content));
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private HttpRequest request(Http2HeadersFrame frame) {
        Http2Headers headers = frame.headers();
        try {
            // The frame codec validated every name and value already.
            HttpRequest request = HttpConversionUtil.toHttpRequest(streamId(frame), headers, false);
            headRequest = request.method().equals(HttpMethod.HEAD);
            HttpHeaders converted = request.headers();
            converted.remove(ExtensionHeaderNames.STREAM_ID.text());
            converted.remove(ExtensionHeaderNames.SCHEME.text());
            if (!frame.isEndStream() && !converted.contains(HttpHeaderNames.CONTENT_LENGTH)) {
                converted.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            }
            return request;
        } catch (Http2Exception | RuntimeException e) {
            HttpMethod method = methodOrGet(headers.method());
            headRequest = method.equals(HttpMethod.HEAD);
            HttpRequest failed = new DefaultHttpRequest(HttpVersion.HTTP_1_1, method,
                    headers.path() == null ? "/" : headers.path().toString());
            failed.setDecoderResult(DecoderResult.failure(e));
            return failed;
        }
    }

    private static HttpMethod methodOrGet(CharSequence method) {
        try {
            return method == null ? HttpMethod.GET : HttpMethod.valueOf(method.toString());
        } catch (IllegalArgumentException e) {
            return HttpMethod.GET;
        }
    }

    private static LastHttpContent trailers(Http2HeadersFrame frame) {
        LastHttpContent last = new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER);
        try {
            HttpConversionUtil.addHttp2ToHttpHeaders(streamId(frame), frame.headers(), last.trailingHeaders(),
                    HttpVersion.HTTP_1_1, true, true);
        } catch (Http2Exception | RuntimeException e) {
            last.setDecoderResult(DecoderResult.failure(e));
        }
        return last;
    }

    private static int streamId(Http2StreamFrame frame) {
        return frame.stream() == null ? 0 : frame.stream().id();
    }

    /**
     * The frame codec found the stream broken (its DATA disagree with its content-length...): the stream is reset
     * with the codec's error, and the exchange, told its request failed, is logged and counted as a 400.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof Http2Exception.StreamException malformed)) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        // Reset before the multiplexer closes the stream channel, which would reset it with CANCEL.
        ctx.writeAndFlush(new DefaultHttp2ResetFrame(malformed.error()));
        LastHttpContent failed = new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER);
        failed.setDecoderResult(DecoderResult.failure(malformed));
        ctx.fireChannelRead(failed);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse response) {
            writeHead(ctx, response, promise);
        } else if (msg instanceof HttpContent content) {
            writeContent(ctx, content, promise);
        } else if (msg instanceof ByteBuf marker) {
            // The empty write after which a ClientConnection closes: the stream may close once its end is out.
            marker.release();
            ChannelFuture end = responseEnd;
            if (end == null || end.isDone()) {
                promise.trySuccess();
            } else {
                end.addListener(written -> promise.trySuccess());
            }
        } else {
            ctx.write(msg, promise);
        }
    }

    private void writeHead(ChannelHandlerContext ctx, HttpResponse response, ChannelPromise promise) {
        Http2Headers headers = HttpConversionUtil.toHttp2Headers(response, false);
        boolean full = response instanceof FullHttpResponse;
        if (response.status().code() < 200) {
            interim = !full;
            ReferenceCountUtil.release(response);
            ctx.write(new DefaultHttp2HeadersFrame(headers, false), promise);
            return;
        }
        if (!(response instanceof FullHttpResponse fullResponse)) {
            // END_STREAM waits for the last content even for HEAD: it would close the stream before the exchange ends.
            ctx.write(new DefaultHttp2HeadersFrame(headers, false), promise);
            return;
        }
        ByteBuf content = fullResponse.content();
        HttpHeaders trailers = fullResponse.trailingHeaders();
        if (headRequest || !content.isReadable() && trailers.isEmpty()) {
            content.release();
            end(ctx, new DefaultHttp2HeadersFrame(headers, true), promise);
            return;
        }
        ctx.write(new DefaultHttp2HeadersFrame(headers, false), ctx.voidPromise());
        writeLast(ctx, content, trailers, promise);
    }

    /**
     * The HEADERS of a proxied response, straight from the upstream's head: its kept lines (ResponseHead already
     * left out the hop-by-hop and framing ones and checked every name and value) with names lowercased, as HTTP/2
     * wants them, and this exchange's request id. Nothing is validated or converted twice.
     */
    static Http2HeadersFrame responseHeaders(ResponseHead response, CharSequence requestId) {
        Http2Headers headers = new DefaultHttp2Headers(false, response.keptCount + 2);
        headers.status(HttpResponseStatus.valueOf(response.status).codeAsText());
        byte[] bytes = response.bytes;
        int[] kept = response.kept;
        for (int i = 0; i < response.keptCount; i++) {
            int start = kept[i * 2];
            int end = kept[i * 2 + 1];
            int colon = HttpSyntax.indexOf(bytes, (byte) ':', start, end);
            int valueStart = ResponseHead.valueStart(bytes, colon, end);
            int valueEnd = ResponseHead.valueEnd(bytes, valueStart, end);
            headers.add(lowerCase(bytes, start, colon), new AsciiString(bytes, valueStart, valueEnd - valueStart, true));
        }
        headers.add(HeaderNames.X_REQUEST_ID, requestId);
        return new DefaultHttp2HeadersFrame(headers, false);
    }

    private static AsciiString lowerCase(byte[] bytes, int start, int end) {
        byte[] name = new byte[end - start];
        for (int i = 0; i < name.length; i++) {
            byte b = bytes[start + i];
            name[i] = b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
        }
        return new AsciiString(name, false);
    }

    private void writeContent(ChannelHandlerContext ctx, HttpContent content, ChannelPromise promise) {
        boolean last = content instanceof LastHttpContent;
        if (interim || headRequest && !last) {
            interim = interim && !last;
            content.release();
            promise.trySuccess();
            return;
        }
        ByteBuf data = content.content();
        if (headRequest && data.isReadable()) {
            data.release();
            data = Unpooled.EMPTY_BUFFER;
        }
        if (last) {
            writeLast(ctx, data, ((LastHttpContent) content).trailingHeaders(), promise);
        } else {
            ctx.write(new DefaultHttp2DataFrame(data, false), promise);
        }
    }

    private void writeLast(ChannelHandlerContext ctx, ByteBuf data, HttpHeaders trailers, ChannelPromise promise) {
        if (trailers.isEmpty()) {
            end(ctx, new DefaultHttp2DataFrame(data, true), promise);
            return;
        }
        if (data.isReadable()) {
            ctx.write(new DefaultHttp2DataFrame(data, false), ctx.voidPromise());
        } else {
            data.release();
        }
        end(ctx, new DefaultHttp2HeadersFrame(HttpConversionUtil.toHttp2Headers(trailers, false), true), promise);
    }

    private void end(ChannelHandlerContext ctx, Http2StreamFrame frame, ChannelPromise promise) {
        responseEnd = ctx.write(frame, promise.isVoid() ? ctx.newPromise() : promise);
    }
}

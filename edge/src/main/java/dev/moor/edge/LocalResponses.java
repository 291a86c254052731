package dev.moor.edge;

import dev.moor.edge.filter.LocalAnswer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

import java.nio.charset.StandardCharsets;

/** The small JSON answers the edge gives itself: errors with the status, what went wrong and the request id. */
final class LocalResponses {
    private LocalResponses() {}

    static FullHttpResponse error(ByteBufAllocator allocator, HttpResponseStatus status, String message,
                                  CharSequence requestId, boolean close) {
        String json = "{\"status\":" + status.code() + ",\"error\":\"" + escape(message)
                + "\",\"request_id\":\"" + escape(requestId.toString()) + "\"}\n";
        ByteBuf body = allocator.buffer(json.length());
        body.writeCharSequence(json, StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        HttpHeaders headers = response.headers();
        headers.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        headers.setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        headers.set(HeaderNames.X_REQUEST_ID, requestId);
        if (close) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return response;
    }

    /** A request filter's answer, framed by Content-Length, with the request id. */
    static FullHttpResponse filtered(ByteBufAllocator allocator, LocalAnswer answer, CharSequence requestId,
                                     boolean close) {
        ByteBuf body = allocator.buffer(answer.body().length).writeBytes(answer.body());
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(answer.status()), body);
        HttpHeaders headers = response.headers();
        for (LocalAnswer.Header header : answer.headers()) {
            headers.add(header.name(), header.value());
        }
        headers.setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        headers.set(HeaderNames.X_REQUEST_ID, requestId);
        if (close) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return response;
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < ' ') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}

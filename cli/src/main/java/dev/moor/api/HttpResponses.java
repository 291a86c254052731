package dev.moor.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Complete JSON responses of the server; each one ends its connection (one request per connection). */
final class HttpResponses {

    private static final Logger LOG = LoggerFactory.getLogger(LocalApiServer.class);

    private HttpResponses() {
    }

    /** Answers with {@code body} as JSON (no content for a null body) and closes the connection. */
    static void sendJson(Channel channel, int status, Object body) {
        FullHttpResponse response;
        try {
            response = json(status, body);
        } catch (JsonProcessingException e) {
            LOG.error("cannot write an answer of the local API as JSON", e);
            response = error(500, "cannot write the answer as JSON: " + e.getOriginalMessage());
        }
        channel.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    static void sendError(Channel channel, int status, String message) {
        channel.writeAndFlush(error(status, message)).addListener(ChannelFutureListener.CLOSE);
    }

    static FullHttpResponse error(int status, String message) {
        String error = message != null ? message : HttpResponseStatus.valueOf(status).reasonPhrase();
        try {
            return json(status, Map.of("error", error));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings is always writable as JSON", e);
        }
    }

    private static FullHttpResponse json(int status, Object body) throws JsonProcessingException {
        byte[] content = body == null ? new byte[0] : ApiJson.mapper().writeValueAsBytes(body);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(content));
        if (body != null) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        }
        response.headers()
                .setInt(HttpHeaderNames.CONTENT_LENGTH, content.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return response;
    }
}

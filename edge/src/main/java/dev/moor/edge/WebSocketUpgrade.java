package dev.moor.edge;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;

/**
 * The request side of WebSocket pass-through: which requests are handshakes, the hop-by-hop headers they keep,
 * and the upstream connection of their own each attempt gets (it becomes a tunnel, so it is never pooled).
 */
final class WebSocketUpgrade {
    private WebSocketUpgrade() {}

    /**
     * The Upgrade header of a WebSocket handshake (an HTTP/1.1 GET without a body, with {@code Connection: upgrade}
     * and {@code Upgrade: websocket}), or null when the request is not one.
     */
    static String requested(HttpRequest request, boolean hasBody) {
        if (hasBody || !request.method().equals(HttpMethod.GET) || !request.protocolVersion().equals(HttpVersion.HTTP_1_1)) {
            return null;
        }
        HttpHeaders headers = request.headers();
        String upgrade = headers.get(HttpHeaderNames.UPGRADE);
        if (upgrade == null || !headers.containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)
                || !headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)) {
            return null;
        }
        return upgrade;
    }

    /** Sets the hop-by-hop headers a handshake keeps (Connection: upgrade and its Upgrade) as the upstream needs them. */
    static void keepUpgradeHeaders(HttpHeaders headers, String upgrade) {
        headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
        headers.set(HttpHeaderNames.UPGRADE, upgrade);
    }

    /**
     * Opens a connection to the pool's endpoint for this exchange alone, outside the pool's limit; the exchange
     * hears back as from {@link UpstreamPool#acquire}. The connection is never released to the pool.
     */
    static void connect(Exchange exchange, UpstreamPool pool, long connectTimeoutMillis) {
        UpstreamConnection connection = new UpstreamConnection(pool);
        exchange.connecting(pool);
        pool.loop.connect(pool.endpoint.address, connection, connectTimeoutMillis).addListener(future -> {
            if (!future.isSuccess()) {
                exchange.connectFailed(pool, future.cause());
                return;
            }
            pool.endpoint.connected();
            if (!exchange.upstreamReady(pool, connection, true)) {
                connection.channel.close();
            }
        });
    }
}

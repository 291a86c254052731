package dev.moor.edge;

import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;

/**
 * The response encoder of a client connection. It is told when the response answers a HEAD request, whose
 * response carries framing headers but no body (what HttpServerCodec learns from its own request decoder).
 */
final class ProxyResponseEncoder extends HttpResponseEncoder {
    boolean answeringHead;

    @Override
    protected boolean isContentAlwaysEmpty(HttpResponse msg) {
        return answeringHead || super.isContentAlwaysEmpty(msg);
    }
}

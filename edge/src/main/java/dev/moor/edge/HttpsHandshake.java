package dev.moor.edge;

import dev.moor.edge.tls.AcmeTlsAlpn;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SniCompletionEvent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Queue;

/**
 * Follows the TLS handshake of a connection to the HTTPS port, which has the HTTP/1.1 handlers behind it from the
 * start (so its idle timer runs during the handshake). When ALPN chose h2 the connection becomes HTTP/2, as one that
 * sends the h2c preface does; otherwise it stays HTTP/1.1. Either way the handler then leaves the pipeline. A failed
 * handshake (no hello in time, no protocol or cipher in common, a name without a usable certificate) closes the
 * connection, and so does an ACME CA's TLS-ALPN-01 handshake once done.
 */
final class HttpsHandshake extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(HttpsHandshake.class);

    private final EdgeServer server;
    private final LoopContext loop;
    /** What was decrypted before the handshake's event was seen: it belongs to the protocol ALPN chose. */
    private final Queue<Object> early = new ArrayDeque<>(1);

    HttpsHandshake(EdgeServer server, LoopContext loop) {
        this.server = server;
        this.loop = loop;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        early.add(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof SslHandshakeCompletionEvent handshake) {
            if (!handshake.isSuccess()) {
                fail(ctx, handshake.cause());
                return;
            }
            SslHandler tls = ctx.pipeline().get(SslHandler.class);
            if (AcmeTlsAlpn.PROTOCOL.equals(tls.applicationProtocol())) {
                // An ACME CA's TLS-ALPN-01 validation: it looks at the certificate only, nothing is served (RFC 8737).
                early.forEach(ReferenceCountUtil::release);
                early.clear();
                ctx.close();
                return;
            }
            if (ApplicationProtocolNames.HTTP_2.equals(tls.applicationProtocol())) {
                Http2Support.switchToHttp2(ctx.pipeline(), ctx.name(), server, loop);
            }
            ctx.fireUserEventTriggered(event);
            ctx.pipeline().remove(this);
            return;
        }
        if (event instanceof SniCompletionEvent sni && !sni.isSuccess()) {
            fail(ctx, sni.cause());
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (early.isEmpty()) {
            return;
        }
        for (Object msg = early.poll(); msg != null; msg = early.poll()) {
            ctx.fireChannelRead(msg);
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, cause);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        early.forEach(ReferenceCountUtil::release);
        early.clear();
        ctx.fireChannelInactive();
    }

    private void fail(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("TLS handshake with {} failed: {}", ctx.channel().remoteAddress(), cause == null ? "" : cause.toString());
        early.forEach(ReferenceCountUtil::release);
        early.clear();
        ctx.close();
    }
}

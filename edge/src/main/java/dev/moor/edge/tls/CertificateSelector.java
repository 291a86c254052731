package dev.moor.edge.tls;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;

/**
 * Netty's SNI handler, whose TLS handler staples the certificate's OCSP response when it has a current one (only
 * OpenSSL's engines take one), and which gives a hello that offers ALPN {@value AcmeTlsAlpn#PROTOCOL} alone, for a
 * host an ACME CA validates now, that host's challenge certificate.
 */
final class CertificateSelector extends SniHandler {
    private final SniCertificates certificates;
    /** Whether this connection's hello offered ALPN acme-tls/1 alone. */
    private boolean acmeValidation;

    CertificateSelector(SniCertificates certificates, long handshakeTimeoutMillis) {
        super(certificates, handshakeTimeoutMillis);
        this.certificates = certificates;
    }

    @Override
    protected Future<SslContext> lookup(ChannelHandlerContext ctx, ByteBuf clientHello) throws Exception {
        acmeValidation = clientHello != null && certificates.validating() && AcmeTlsAlpn.offeredAlone(clientHello);
        return super.lookup(ctx, clientHello);
    }

    @Override
    protected Future<SslContext> lookup(ChannelHandlerContext ctx, String hostname) throws Exception {
        SslContext challenge = acmeValidation ? certificates.challenge(hostname) : null;
        return challenge != null ? ctx.executor().newSucceededFuture(challenge) : super.lookup(ctx, hostname);
    }

    @Override
    protected SslHandler newSslHandler(SslContext context, ByteBufAllocator allocator) {
        SslHandler handler = super.newSslHandler(context, allocator);
        byte[] staple = certificates.staple(context);
        if (staple != null && handler.engine() instanceof ReferenceCountedOpenSslEngine engine) {
            engine.setOcspResponse(staple);
        }
        return handler;
    }
}

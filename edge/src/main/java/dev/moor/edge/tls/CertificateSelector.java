package dev.moor.edge.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;

/**
 * Netty's SNI handler, whose TLS handler staples the certificate's OCSP response when it has a current one (only
 * OpenSSL's engines take one).
 */
final class CertificateSelector extends SniHandler {
    private final SniCertificates certificates;

    CertificateSelector(SniCertificates certificates, long handshakeTimeoutMillis) {
        super(certificates, handshakeTimeoutMillis);
        this.certificates = certificates;
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

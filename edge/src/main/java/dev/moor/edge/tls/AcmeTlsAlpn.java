package dev.moor.edge.tls;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * ACME's TLS-ALPN-01 challenge (RFC 8737) at the HTTPS port: a ClientHello whose ALPN extension offers exactly
 * {@value #PROTOCOL}, for a host the CA validates now, gets that host's challenge certificate, and the connection
 * closes once the handshake is done. Any other hello takes the usual certificates.
 */
public final class AcmeTlsAlpn {
    /** The one protocol the CA offers. */
    public static final String PROTOCOL = "acme-tls/1";

    private static final byte[] PROTOCOL_BYTES = PROTOCOL.getBytes(StandardCharsets.US_ASCII);
    private static final int ALPN_EXTENSION = 16;
    private static final int RANDOM_AND_VERSION = 2 + 32;

    private AcmeTlsAlpn() {}

    /**
     * Whether the hello's ALPN extension lists {@value #PROTOCOL} and nothing else.
     *
     * @param clientHello the ClientHello message from its {@code client_version} on, as Netty's
     *                    {@code SslClientHelloHandler} hands it; read without moving its indexes
     */
    static boolean offeredAlone(ByteBuf clientHello) {
        int at = clientHello.readerIndex() + RANDOM_AND_VERSION;
        int end = clientHello.writerIndex();
        if (at + 1 > end) {
            return false;
        }
        at += 1 + clientHello.getUnsignedByte(at);
        if (at + 2 > end) {
            return false;
        }
        at += 2 + clientHello.getUnsignedShort(at);
        if (at + 1 > end) {
            return false;
        }
        at += 1 + clientHello.getUnsignedByte(at);
        if (at + 2 > end) {
            return false;
        }
        int extensionsEnd = Math.min(end, at + 2 + clientHello.getUnsignedShort(at));
        at += 2;
        while (at + 4 <= extensionsEnd) {
            int type = clientHello.getUnsignedShort(at);
            int length = clientHello.getUnsignedShort(at + 2);
            at += 4;
            if (at + length > extensionsEnd) {
                return false;
            }
            if (type == ALPN_EXTENSION) {
                // protocol_name_list: a 2-byte length, then each name with a 1-byte length.
                return length == 2 + 1 + PROTOCOL_BYTES.length
                        && clientHello.getUnsignedShort(at) == 1 + PROTOCOL_BYTES.length
                        && clientHello.getUnsignedByte(at + 2) == PROTOCOL_BYTES.length
                        && equalsProtocol(clientHello, at + 3);
            }
            at += length;
        }
        return false;
    }

    private static boolean equalsProtocol(ByteBuf buffer, int at) {
        for (int i = 0; i < PROTOCOL_BYTES.length; i++) {
            if (buffer.getByte(at + i) != PROTOCOL_BYTES[i]) {
                return false;
            }
        }
        return true;
    }
}

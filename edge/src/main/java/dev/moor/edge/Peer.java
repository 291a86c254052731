package dev.moor.edge;

import io.netty.channel.Channel;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.util.AttributeKey;
import io.netty.util.NetUtil;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Objects;

/**
 * The two ends of a client connection and its scheme as forwarding headers write them, computed once per
 * connection; whether the peer is a trusted proxy, remembered per set of trusted proxies; and the forwarding lines
 * of its last request, which the next request with the same Host reuses.
 */
final class Peer {
    /** Set on a connection accepted on the HTTPS port: its requests are forwarded with {@code proto=https}. */
    static final AttributeKey<Boolean> HTTPS = AttributeKey.valueOf(Peer.class, "https");

    final InetAddress address;
    /** RFC 5952 text, as X-Forwarded-For carries it. */
    final String text;
    /** The Forwarded {@code for=} node: IPv6 in quoted brackets. */
    final String forwardedNode;
    /** The local port as X-Forwarded-Port carries it. */
    final String localPort;
    /** The local port the connection was accepted on: its requests are routed among that port's routes. */
    final int port;
    /** {@code https} on a connection of the HTTPS port, else {@code http}: the forwarded proto. */
    final String scheme;
    private TrustedProxies checkedAgainst;
    private boolean trusted;
    private String linesHost;
    private byte[] lines;

    Peer(Channel channel) {
        this(channel.remoteAddress(), channel.localAddress(), channel.hasAttr(HTTPS) ? "https" : "http");
    }

    private Peer(SocketAddress remote, SocketAddress local, String scheme) {
        this.scheme = scheme;
        this.address = remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
        this.text = address == null ? "unknown" : NetUtil.toAddressString(address);
        this.forwardedNode = address == null ? "unknown" : text.indexOf(':') >= 0 ? "\"[" + text + "]\"" : text;
        this.port = local instanceof InetSocketAddress inet ? inet.getPort() : 0;
        this.localPort = local instanceof InetSocketAddress ? Integer.toString(port) : "";
    }

    /** The peer of a TCP connection, or of a QUIC connection (HTTP/3: its UDP addresses, always https). */
    static Peer of(Channel channel) {
        if (channel instanceof QuicChannel quic) {
            return new Peer(quic.remoteSocketAddress(), quic.localSocketAddress(), "https");
        }
        return new Peer(channel);
    }

    boolean trustedBy(TrustedProxies proxies) {
        if (proxies != checkedAgainst) {
            checkedAgainst = proxies;
            trusted = address != null && proxies.contains(address);
        }
        return trusted;
    }

    /** The forwarding lines of a request from this (untrusted) peer to {@code host}. */
    byte[] untrustedLines(String host) {
        if (lines == null || !Objects.equals(host, linesHost)) {
            lines = ForwardingHeaders.untrusted(this, host);
            linesHost = host;
        }
        return lines;
    }
}

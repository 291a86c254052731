package dev.moor.edge;

import io.netty.util.NetUtil;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * The two ends of a client connection as forwarding headers write them, computed once per connection; and
 * whether the peer is a trusted proxy, remembered per set of trusted proxies.
 */
final class Peer {
    final InetAddress address;
    /** RFC 5952 text, as X-Forwarded-For carries it. */
    final String text;
    /** The Forwarded {@code for=} node: IPv6 in quoted brackets. */
    final String forwardedNode;
    /** The local port as X-Forwarded-Port carries it. */
    final String localPort;
    private TrustedProxies checkedAgainst;
    private boolean trusted;

    Peer(SocketAddress remote, SocketAddress local) {
        this.address = remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
        this.text = address == null ? "unknown" : NetUtil.toAddressString(address);
        this.forwardedNode = address == null ? "unknown" : text.indexOf(':') >= 0 ? "\"[" + text + "]\"" : text;
        this.localPort = local instanceof InetSocketAddress inet ? Integer.toString(inet.getPort()) : "";
    }

    boolean trustedBy(TrustedProxies proxies) {
        if (proxies != checkedAgainst) {
            checkedAgainst = proxies;
            trusted = address != null && proxies.contains(address);
        }
        return trusted;
    }
}

package dev.moor.engine.health;

import java.net.InetSocketAddress;

final class Addresses {

    private Addresses() {}

    /** The IP literal of a resolved address (never a host name such as {@code localhost}), else its host string. */
    static String literal(InetSocketAddress address) {
        return address.isUnresolved() ? address.getHostString() : address.getAddress().getHostAddress();
    }
}

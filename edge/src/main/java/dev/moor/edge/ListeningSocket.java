package dev.moor.edge;

import io.netty.channel.unix.FileDescriptor;

import java.net.InetSocketAddress;

/**
 * One listening socket as it passes from an edge to its successor: the address it was bound to (the configured
 * address with the actual port), its file descriptor (the sender's own, or the receiver's duplicate), and whether it
 * is a UDP socket of HTTP/3 rather than a TCP listener.
 */
record ListeningSocket(InetSocketAddress address, FileDescriptor fd, boolean datagram) {}

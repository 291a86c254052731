package dev.moor.edge;

import io.netty.channel.unix.FileDescriptor;

import java.net.InetSocketAddress;

/**
 * One listening socket as it passes from an edge to its successor: the address it was bound to (the configured
 * address with the actual port) and its file descriptor (the sender's own, or the receiver's duplicate).
 */
record ListeningSocket(InetSocketAddress address, FileDescriptor fd) {}

package dev.moor.server.api;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/** Reads who is at the other end of an accepted Unix socket connection. Tests replace it to play another user. */
@FunctionalInterface
interface PeerCredentials {

    /** The kernel's answer (SO_PEERCRED): the user and group of the process that connected. */
    PeerCredentials SO_PEERCRED = channel -> channel.getOption(ExtendedSocketOptions.SO_PEERCRED);

    UnixDomainPrincipal of(SocketChannel channel) throws IOException;
}

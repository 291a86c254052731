package dev.moor.server.api;

import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Executor;
import jdk.net.UnixDomainPrincipal;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.io.SelectorManager;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Unix socket connector, which admits only the server's own user and root. The check runs when Jetty turns an
 * accepted channel into an endpoint, before any connection, HTTP parsing or handler exists for it: a refused peer's
 * channel is closed there (Jetty closes a channel whose endpoint cannot be made, quietly). Refusing earlier, in
 * {@code configure(SocketChannel)}, would make Jetty's acceptor log a failure and pause for a second.
 */
final class PeerCheckingConnector extends UnixDomainServerConnector {

    private static final Logger LOG = LoggerFactory.getLogger(PeerCheckingConnector.class);

    private final AllowedPeers allowed;
    private final PeerCredentials credentials;

    PeerCheckingConnector(Server server, AllowedPeers allowed, PeerCredentials credentials,
                          ConnectionFactory... factories) {
        super(server, factories);
        this.allowed = allowed;
        this.credentials = credentials;
    }

    @Override
    protected SelectorManager newSelectorManager(Executor executor, Scheduler scheduler, int selectors) {
        // Called by the super constructor: the fields it reads are read later, at each accept.
        return new UnixDomainSelectorManager(executor, scheduler, selectors) {
            @Override
            protected EndPoint newEndPoint(SelectableChannel channel, ManagedSelector selector, SelectionKey key) {
                SocketChannel socket = (SocketChannel) channel;
                UnixDomainPrincipal peer = admittedPeer(socket);
                PeerEndPoint endPoint = new PeerEndPoint(socket, selector, key, getScheduler(), peer);
                endPoint.setIdleTimeout(getIdleTimeout());
                return endPoint;
            }
        };
    }

    private UnixDomainPrincipal admittedPeer(SocketChannel channel) {
        UnixDomainPrincipal peer;
        try {
            peer = credentials.of(channel);
        } catch (IOException | RuntimeException e) {
            // Fail closed: a peer nobody can name is nobody the server may serve.
            String refusal = "refused a connection on " + getUnixDomainPath() + ": cannot read its credentials ("
                    + e + ")";
            LOG.warn(refusal);
            throw new PeerRefusedException(refusal);
        }
        if (!allowed.admits(peer)) {
            String refusal = "refused a connection on " + getUnixDomainPath() + " from user " + peer.user().getName()
                    + " (expected: " + allowed.describe() + ")";
            LOG.warn(refusal);
            throw new PeerRefusedException(refusal);
        }
        return peer;
    }

    /** An endpoint that remembers who connected, for {@link CallerCustomizer}. */
    static final class PeerEndPoint extends SocketChannelEndPoint {

        private final UnixDomainPrincipal peer;

        PeerEndPoint(SocketChannel channel, ManagedSelector selector, SelectionKey key, Scheduler scheduler,
                     UnixDomainPrincipal peer) {
            super(channel, selector, key, scheduler);
            this.peer = peer;
        }

        UnixDomainPrincipal peer() {
            return peer;
        }
    }

    /** Thrown out of {@code newEndPoint}: Jetty then closes the channel and logs only at debug level. */
    static final class PeerRefusedException extends RuntimeException {
        PeerRefusedException(String message) {
            super(message, null, false, false);
        }
    }
}

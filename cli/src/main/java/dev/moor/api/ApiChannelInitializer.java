package dev.moor.api;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.unix.PeerCredentials;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpServerCodec;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Admits a connection only from an allowed user, then sets up HTTP for its one request. */
final class ApiChannelInitializer extends ChannelInitializer<EpollDomainSocketChannel> {

    private static final Logger LOG = LoggerFactory.getLogger(LocalApiServer.class);

    private final Map<String, Map<HttpMethod, Route>> routes;
    private final ExecutorService handlers;
    private final ChannelGroup connections;
    // Known only once the socket is bound; the server accepts nothing before it is set.
    private volatile AllowedPeers allowedPeers;

    ApiChannelInitializer(Map<String, Map<HttpMethod, Route>> routes, ExecutorService handlers,
            ChannelGroup connections) {
        this.routes = routes;
        this.handlers = handlers;
        this.connections = connections;
    }

    void admit(AllowedPeers peers) {
        this.allowedPeers = peers;
    }

    @Override
    protected void initChannel(EpollDomainSocketChannel channel) {
        if (!admitted(channel)) {
            channel.close();
            return;
        }
        connections.add(channel);
        channel.pipeline().addLast(
                new HttpServerCodec(),
                new RequestBodyLimit(),
                new RequestDispatcher(routes, handlers));
    }

    private boolean admitted(EpollDomainSocketChannel channel) {
        AllowedPeers peers = allowedPeers;
        PeerCredentials credentials;
        try {
            credentials = channel.peerCredentials();
        } catch (IOException e) {
            LOG.warn("refused a local API connection: cannot read its peer credentials: {}", e.getMessage());
            return false;
        }
        if (peers == null || !peers.admits(credentials.uid())) {
            LOG.warn("refused a local API connection from uid {} (pid {}): only the owner of Moor or root may "
                    + "call it", credentials.uid(), credentials.pid());
            return false;
        }
        return true;
    }
}

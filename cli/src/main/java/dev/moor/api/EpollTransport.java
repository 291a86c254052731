package dev.moor.api;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;

/** Netty's native epoll transport: the only one here that speaks Unix domain sockets. */
final class EpollTransport {

    private EpollTransport() {
    }

    static EventLoopGroup newGroup(String threadName, int threads) {
        if (!Epoll.isAvailable()) {
            throw new IllegalStateException("the local API of Moor needs Linux with Netty's native epoll "
                    + "transport for Unix domain sockets, which is unavailable here: "
                    + Epoll.unavailabilityCause().getMessage());
        }
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(threadName, true),
                EpollIoHandler.newFactory());
    }
}

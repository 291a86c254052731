package dev.moor.edge;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringChannelOption;
import io.netty.channel.uring.IoUringDatagramChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;

import java.util.Optional;

/**
 * An {@link IoTransport} resolved to Netty's classes. The native ones set SO_REUSEPORT, so every event loop
 * accepts on its own listening socket; NIO has one acceptor that hands connections out.
 *
 * @param datagramChannel the UDP channel of HTTP/3's sockets
 * @param reusePort       the SO_REUSEPORT option of the transport, when it has one
 */
record Transport(IoTransport kind, IoHandlerFactory ioHandlerFactory, Class<? extends ServerChannel> serverChannel,
                 Class<? extends Channel> channel, Class<? extends Channel> datagramChannel,
                 Optional<ChannelOption<Boolean>> reusePort) {

    String name() {
        return kind.label();
    }

    /**
     * The transport asked for; {@link IoTransport#AUTO} picks the best available.
     *
     * @throws IllegalStateException when the transport asked for does not work on this machine, with the reason
     */
    static Transport of(IoTransport wanted) {
        return switch (wanted) {
            case AUTO -> IoUring.isAvailable() ? ioUring() : Epoll.isAvailable() ? epoll() : nio();
            case IO_URING -> {
                if (!IoUring.isAvailable()) {
                    throw unavailable(wanted, IoUring.unavailabilityCause());
                }
                yield ioUring();
            }
            case EPOLL -> {
                if (!Epoll.isAvailable()) {
                    throw unavailable(wanted, Epoll.unavailabilityCause());
                }
                yield epoll();
            }
            case NIO -> nio();
        };
    }

    /**
     * The transport of an edge that serves listening sockets handed over by its predecessor: epoll, whatever was
     * asked for, because Netty's io_uring server channel cannot be built around an existing socket (it has no file
     * descriptor constructor, while {@link EpollServerSocketChannel} has) and NIO cannot either. An edge started
     * without a predecessor gets io_uring back.
     *
     * @throws IllegalStateException when epoll does not work on this machine, or NIO was asked for
     */
    static Transport adopting(IoTransport wanted) {
        if (wanted == IoTransport.NIO) {
            throw new IllegalStateException("edge: nio cannot serve sockets handed over by another edge "
                    + "(expected: transport auto, epoll or io_uring)");
        }
        if (!Epoll.isAvailable()) {
            throw unavailable(IoTransport.EPOLL, Epoll.unavailabilityCause());
        }
        return epoll();
    }

    private static Transport ioUring() {
        return new Transport(IoTransport.IO_URING, IoUringIoHandler.newFactory(), IoUringServerSocketChannel.class,
                IoUringSocketChannel.class, IoUringDatagramChannel.class, Optional.of(IoUringChannelOption.SO_REUSEPORT));
    }

    private static Transport epoll() {
        return new Transport(IoTransport.EPOLL, EpollIoHandler.newFactory(), EpollServerSocketChannel.class,
                EpollSocketChannel.class, EpollDatagramChannel.class, Optional.of(EpollChannelOption.SO_REUSEPORT));
    }

    private static Transport nio() {
        return new Transport(IoTransport.NIO, NioIoHandler.newFactory(), NioServerSocketChannel.class,
                NioSocketChannel.class, NioDatagramChannel.class, Optional.empty());
    }

    static IllegalStateException unavailable(IoTransport wanted, Throwable cause) {
        return new IllegalStateException("edge: " + wanted.label() + " is not available on this machine: "
                + (cause == null ? "no reason given" : cause.getMessage()) + " (expected: transport auto, or one that is)",
                cause);
    }
}

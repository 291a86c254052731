package dev.moor.edge;

import dev.moor.snapshot.SnapshotProblem;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.UnixChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The edge's listening sockets: the fixed listener of the builder, and one group per public port of the snapshot.
 * With the native transports a group has one socket per event loop (SO_REUSEPORT), each accepting on its own
 * loop; with NIO, one socket whose loop hands connections out. Sockets can also be adopted from a predecessor
 * ({@link #openFixed}, {@link #sync}) and handed to a successor ({@link #handOver}).
 *
 * <p>Thread-safe: binding waits for the event loops, so call it from a thread that is not one of them.
 */
final class Listeners {
    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);
    private static final int BACKLOG = 4096;

    /** The sockets listening on one address (the configured address with the actual port). */
    private record Group(InetSocketAddress address, List<Channel> channels) {}

    private final Transport transport;
    private final LoopContext[] loops;
    private final EventLoopGroup group;
    private final ChannelHandler childHandler;
    private final ByteBufAllocator allocator;
    private final InetAddress bindAddress;
    private Group fixed;
    private final TreeMap<Integer, Group> ports = new TreeMap<>();
    /** The snapshot's ports as of the last {@link #sync}. */
    private SortedSet<Integer> wanted = Collections.emptySortedSet();
    /** A successor is being handed the sockets: none is closed until it took them or gave up. */
    private boolean handingOver;
    /** Handed over, or closed: nothing is bound any more. */
    private boolean stopped;

    Listeners(Transport transport, LoopContext[] loops, EventLoopGroup group, ChannelHandler childHandler,
              ByteBufAllocator allocator, InetAddress bindAddress) {
        this.transport = transport;
        this.loops = loops;
        this.group = group;
        this.childHandler = childHandler;
        this.allocator = allocator;
        this.bindAddress = bindAddress;
    }

    /**
     * Listens on the fixed address: on the sockets handed over for it, else bound now.
     *
     * @throws IllegalStateException when it cannot be bound, with the address and the reason
     */
    synchronized void openFixed(InetSocketAddress listen, Map<InetSocketAddress, List<FileDescriptor>> handedOver) {
        List<FileDescriptor> sockets = listen.getPort() == 0 ? null : handedOver.remove(listen);
        try {
            fixed = sockets == null ? bind(listen) : adopt(listen, sockets);
        } catch (RuntimeException e) {
            throw new IllegalStateException("edge: cannot listen on " + listen.getHostString() + ":" + listen.getPort()
                    + ": " + EdgeServer.reason(e), e);
        }
    }

    /** The fixed listener's port, or -1 when there is none. */
    synchronized int fixedPort() {
        return fixed == null ? -1 : fixed.address.getPort();
    }

    /**
     * Listens on every port of {@code ports} (on the sockets handed over for it, else bound now) and stops listening
     * on the ports that left. A port equal to the fixed listener's is served by it. A port that cannot be bound is a
     * problem ({@code listeners.8080: Address already in use}); the others serve.
     */
    synchronized List<SnapshotProblem> sync(SortedSet<Integer> ports, Map<InetSocketAddress, List<FileDescriptor>> handedOver) {
        wanted = Collections.unmodifiableSortedSet(new TreeSet<>(ports));
        if (stopped) {
            return List.of();
        }
        List<SnapshotProblem> problems = new ArrayList<>();
        int fixedPort = fixed == null ? -1 : fixed.address.getPort();
        for (int port : ports) {
            if (port == fixedPort || this.ports.containsKey(port)) {
                continue;
            }
            InetSocketAddress address = new InetSocketAddress(bindAddress, port);
            List<FileDescriptor> sockets = handedOver.remove(address);
            try {
                this.ports.put(port, sockets == null ? bind(address) : adopt(address, sockets));
            } catch (RuntimeException e) {
                problems.add(new SnapshotProblem("listeners." + port, EdgeServer.reason(e)));
            }
        }
        if (!handingOver) {
            closeUnwanted();
        }
        return problems;
    }

    private void closeUnwanted() {
        for (Iterator<Map.Entry<Integer, Group>> it = ports.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Integer, Group> entry = it.next();
            int port = entry.getKey();
            Group group = entry.getValue();
            if (!wanted.contains(port)) {
                // Read before the removal: a TreeMap entry with two children takes its successor's key and value.
                it.remove();
                close(group);
                LOG.info("edge stopped listening on {}:{}", group.address.getHostString(), port);
            }
        }
    }

    /**
     * Serves the sockets handed over for ports of the bind address that no snapshot named yet: the edge does not
     * close a port it was handed before its first snapshot says whether it serves it.
     */
    synchronized void adoptUntilUpdated(Map<InetSocketAddress, List<FileDescriptor>> handedOver) {
        for (Iterator<Map.Entry<InetSocketAddress, List<FileDescriptor>>> it = handedOver.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<InetSocketAddress, List<FileDescriptor>> entry = it.next();
            InetSocketAddress address = entry.getKey();
            if (stopped || !address.getAddress().equals(bindAddress) || ports.containsKey(address.getPort())
                    || address.getPort() == fixedPort()) {
                continue;
            }
            it.remove();
            try {
                ports.put(address.getPort(), adopt(address, entry.getValue()));
            } catch (RuntimeException e) {
                LOG.warn("edge: cannot serve the socket handed over for {}:{}: {}", address.getHostString(),
                        address.getPort(), EdgeServer.reason(e));
            }
        }
    }

    /** The snapshot ports listened on (a port equal to the fixed listener's among them when a snapshot names it). */
    synchronized SortedSet<Integer> boundPorts() {
        if (stopped) {
            return Collections.emptySortedSet();
        }
        TreeSet<Integer> bound = new TreeSet<>(ports.keySet());
        int fixedPort = fixedPort();
        if (wanted.contains(fixedPort)) {
            bound.add(fixedPort);
        }
        return Collections.unmodifiableSortedSet(bound);
    }

    private Group bind(InetSocketAddress address) {
        boolean perLoop = transport.reusePort().isPresent();
        int count = perLoop ? loops.length : 1;
        List<Channel> channels = new ArrayList<>(count);
        int port = address.getPort();
        try {
            for (int i = 0; i < count; i++) {
                channels.add(bindOne(i, new InetSocketAddress(address.getAddress(), port)));
                port = ((InetSocketAddress) channels.getFirst().localAddress()).getPort();
            }
        } catch (RuntimeException e) {
            channels.forEach(channel -> channel.close().awaitUninterruptibly());
            throw e;
        }
        return new Group(new InetSocketAddress(address.getAddress(), port), List.copyOf(channels));
    }

    private Channel bindOne(int loop, InetSocketAddress address) {
        ServerBootstrap bootstrap = bootstrap(loop)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, BACKLOG)
                .option(ChannelOption.SO_REUSEADDR, true);
        transport.reusePort().ifPresent(option -> bootstrap.option(option, true));
        ChannelFuture bound = bootstrap.bind(address).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new IllegalStateException(bound.cause());
        }
        return bound.channel();
    }

    /**
     * Serves sockets a predecessor handed over (it keeps accepting on them until told to stop: the queue of
     * connections they hold is never dropped). They go to the event loops in turn; a loop left without one gets a
     * socket of its own, bound to the same port.
     */
    private Group adopt(InetSocketAddress address, List<FileDescriptor> sockets) {
        List<Channel> channels = new ArrayList<>(Math.max(sockets.size(), loops.length));
        int next = 0;
        try {
            for (; next < sockets.size(); next++) {
                int fd = sockets.get(next).intValue();
                // A socket already listening: registering it must not accept before the bootstrap's acceptor is
                // in the pipeline (it is added by a task of the loop), so reading starts with a task queued after.
                ChannelFuture registered = bootstrap(next % loops.length)
                        .channelFactory(() -> new EpollServerSocketChannel(fd))
                        .option(ChannelOption.AUTO_READ, false)
                        .register().awaitUninterruptibly();
                if (!registered.isSuccess()) {
                    throw new IllegalStateException(registered.cause());
                }
                Channel channel = registered.channel();
                channels.add(channel);
                channel.eventLoop().execute(() -> channel.config().setAutoRead(true));
            }
            for (int loop = sockets.size(); loop < loops.length; loop++) {
                channels.add(bindOne(loop, address));
            }
        } catch (RuntimeException e) {
            channels.forEach(channel -> channel.close().awaitUninterruptibly());
            closeQuietly(sockets.subList(Math.min(next + 1, sockets.size()), sockets.size()));
            throw e;
        }
        LOG.info("edge took over {} listening socket(s) on {}:{}", sockets.size(), address.getHostString(),
                address.getPort());
        return new Group(address, List.copyOf(channels));
    }

    private ServerBootstrap bootstrap(int loop) {
        LoopContext acceptor = loops[loop];
        return new ServerBootstrap()
                .group(acceptor.eventLoop, transport.reusePort().isPresent() ? acceptor.eventLoop : group)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.ALLOCATOR, allocator)
                .childHandler(childHandler);
    }

    static void closeQuietly(List<FileDescriptor> sockets) {
        for (FileDescriptor socket : sockets) {
            try {
                socket.close();
            } catch (IOException e) {
                LOG.debug("cannot close {}", socket, e);
            }
        }
    }

    /**
     * The sockets to hand to a successor, in order; none is closed until {@link #handedOver} or
     * {@link #handOverFailed}.
     *
     * @throws IllegalStateException when they were handed over or closed already, or another successor is taking them
     */
    synchronized List<ListeningSocket> handOver() {
        if (stopped) {
            throw new IllegalStateException("listeners already handed over or closed");
        }
        if (handingOver) {
            throw new IllegalStateException("another successor is taking the listeners");
        }
        List<ListeningSocket> sockets = new ArrayList<>();
        List<Group> groups = new ArrayList<>();
        if (fixed != null) {
            groups.add(fixed);
        }
        groups.addAll(ports.values());
        for (Group listening : groups) {
            for (Channel channel : listening.channels) {
                if (!(channel instanceof UnixChannel unix)) {
                    throw new IllegalStateException("the " + transport.name() + " transport cannot hand sockets over");
                }
                if (channel.isOpen()) {
                    sockets.add(new ListeningSocket(listening.address, unix.fd(), false));
                }
            }
        }
        handingOver = true;
        return sockets;
    }

    /** The successor gave up: listening goes on, and ports that left meanwhile close now. */
    synchronized void handOverFailed() {
        handingOver = false;
        if (!stopped) {
            closeUnwanted();
        }
    }

    /**
     * The successor accepts on the sockets: this edge stops accepting. Closing a socket here closes only this
     * process's descriptor; the kernel socket, and the connections queued on it, live on in the successor.
     */
    synchronized void handedOver() {
        handingOver = false;
        closeAll();
    }

    /** Stops accepting on every socket; binds nothing more. */
    synchronized void closeAll() {
        stopped = true;
        if (fixed != null) {
            close(fixed);
        }
        ports.values().forEach(Listeners::close);
        ports.clear();
    }

    private static void close(Group listening) {
        List<ChannelFuture> closing = new ArrayList<>();
        for (Channel channel : listening.channels) {
            closing.add(channel.close());
        }
        closing.forEach(ChannelFuture::awaitUninterruptibly);
    }

    /** Groups the TCP (or UDP) sockets handed over by the address they listen on, in the order they came. */
    static Map<InetSocketAddress, List<FileDescriptor>> byAddress(List<ListeningSocket> sockets, boolean datagram) {
        Map<InetSocketAddress, List<FileDescriptor>> grouped = new LinkedHashMap<>();
        for (ListeningSocket socket : sockets) {
            if (socket.datagram() == datagram) {
                grouped.computeIfAbsent(socket.address(), address -> new ArrayList<>()).add(socket.fd());
            }
        }
        return grouped;
    }
}

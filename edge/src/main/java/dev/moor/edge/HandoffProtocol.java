package dev.moor.edge;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.string.StringDecoder;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How an edge hands its listening sockets to its successor, over a Unix domain socket the old edge serves (as
 * HAProxy's {@code expose-fd listeners} and Envoy's hot restart do). Lines of US-ASCII text, each ending with '\n';
 * the descriptors travel as SCM_RIGHTS messages, each with one byte of data:
 *
 * <pre>
 * successor → edge   moor-edge-handoff 2
 * edge → successor   listeners N                  (or: error MESSAGE, and the edge closes the connection)
 * edge → successor   listener ADDRESS PORT tcp    N lines: where each descriptor listens, in their order; udp for
 *                                                 the sockets of HTTP/3
 * successor → edge   send
 * edge → successor   N file descriptors
 * successor → edge   accepting                    it accepts on every TCP socket it kept
 * edge → successor   stopped                      the edge accepts no more, served its HTTP/3 connections out and
 *                                                 stopped reading the UDP sockets (the successor reads them from
 *                                                 now on); it drains its TCP connections and closes
 * </pre>
 *
 * The successor asks for the descriptors only after reading the list, so that it reads them in the file-descriptor
 * mode of its socket while the edge sends nothing else. A connection that closes before {@code accepting}, or an
 * error, leaves the edge serving as before. Both sides accept only a peer of their own user id.
 *
 * <p>Version 1, of the edges before HTTP/3, hands TCP listeners only, listed without {@code tcp}: an edge serves a
 * successor that asks for it so, and a successor whose predecessor answers that it expected version 1 asks again
 * for that.
 */
final class HandoffProtocol {
    static final int VERSION = 2;
    /** The version of the edges before HTTP/3: TCP listeners only. */
    static final int VERSION_TCP_ONLY = 1;
    static final String HELLO = "moor-edge-handoff";
    static final String LISTENERS = "listeners";
    static final String LISTENER = "listener";
    static final String SEND = "send";
    static final String ACCEPTING = "accepting";
    static final String STOPPED = "stopped";
    static final String ERROR = "error";
    static final String TCP = "tcp";
    static final String UDP = "udp";
    static final int MAX_LINE = 1024;

    private HandoffProtocol() {}

    static void addLineCodec(ChannelPipeline pipeline) {
        pipeline.addLast(new LineBasedFrameDecoder(MAX_LINE), new StringDecoder(StandardCharsets.US_ASCII));
    }

    static ByteBuf line(String text) {
        return Unpooled.copiedBuffer(text + "\n", StandardCharsets.US_ASCII);
    }

    /** The line that announces a socket in {@code version} of the protocol. */
    static String listenerLine(ListeningSocket socket, int version) {
        String line = LISTENER + " " + socket.address().getAddress().getHostAddress() + " " + socket.address().getPort();
        return version == VERSION_TCP_ONLY ? line : line + " " + (socket.datagram() ? UDP : TCP);
    }

    /** A socket as a listener line announces it: where it listens, and whether it is a UDP socket. */
    record Announced(InetSocketAddress address, boolean datagram) {}

    /**
     * The socket of a {@code listener ADDRESS PORT tcp|udp} line ({@code listener ADDRESS PORT} in version 1).
     *
     * @throws IllegalArgumentException when the line is not one
     */
    static Announced parseListener(String line, int version) {
        String[] parts = line.split(" ");
        String expected = version == VERSION_TCP_ONLY ? "listener ADDRESS PORT" : "listener ADDRESS PORT tcp|udp";
        boolean transportNamed = version != VERSION_TCP_ONLY;
        if (parts.length != (transportNamed ? 4 : 3) || !parts[0].equals(LISTENER)
                || transportNamed && !parts[3].equals(TCP) && !parts[3].equals(UDP)) {
            throw new IllegalArgumentException("unexpected line: " + line + " (expected: " + expected + ")");
        }
        try {
            int port = Integer.parseInt(parts[2]);
            if (port <= 0 || port > 65_535) {
                throw new NumberFormatException();
            }
            return new Announced(new InetSocketAddress(InetAddress.ofLiteral(parts[1]), port),
                    transportNamed && parts[3].equals(UDP));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unexpected line: " + line + " (expected: " + expected + ")", e);
        }
    }

    /** The user id this process runs as: a peer of another one is refused. */
    static int currentUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException e) {
            throw new IllegalStateException("cannot tell the user id of this process: " + e.getMessage(), e);
        }
    }
}

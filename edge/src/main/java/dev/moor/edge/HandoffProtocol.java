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
 * successor → edge   moor-edge-handoff 1
 * edge → successor   listeners N                  (or: error MESSAGE, and the edge closes the connection)
 * edge → successor   listener ADDRESS PORT        N lines: where each descriptor listens, in their order
 * successor → edge   send
 * edge → successor   N file descriptors
 * successor → edge   accepting                    it accepts on every socket it kept
 * edge → successor   stopped                      the edge accepts no more; it drains its connections and closes
 * </pre>
 *
 * The successor asks for the descriptors only after reading the list, so that it reads them in the file-descriptor
 * mode of its socket while the edge sends nothing else. A connection that closes before {@code accepting}, or an
 * error, leaves the edge serving as before. Both sides accept only a peer of their own user id.
 */
final class HandoffProtocol {
    static final int VERSION = 1;
    static final String HELLO = "moor-edge-handoff";
    static final String LISTENERS = "listeners";
    static final String LISTENER = "listener";
    static final String SEND = "send";
    static final String ACCEPTING = "accepting";
    static final String STOPPED = "stopped";
    static final String ERROR = "error";
    static final int MAX_LINE = 1024;

    private HandoffProtocol() {}

    static void addLineCodec(ChannelPipeline pipeline) {
        pipeline.addLast(new LineBasedFrameDecoder(MAX_LINE), new StringDecoder(StandardCharsets.US_ASCII));
    }

    static ByteBuf line(String text) {
        return Unpooled.copiedBuffer(text + "\n", StandardCharsets.US_ASCII);
    }

    static String listenerLine(InetSocketAddress address) {
        return LISTENER + " " + address.getAddress().getHostAddress() + " " + address.getPort();
    }

    /**
     * The address of a {@code listener ADDRESS PORT} line.
     *
     * @throws IllegalArgumentException when the line is not one
     */
    static InetSocketAddress parseListener(String line) {
        String[] parts = line.split(" ");
        if (parts.length != 3 || !parts[0].equals(LISTENER)) {
            throw new IllegalArgumentException("unexpected line: " + line + " (expected: listener ADDRESS PORT)");
        }
        try {
            int port = Integer.parseInt(parts[2]);
            if (port <= 0 || port > 65_535) {
                throw new NumberFormatException();
            }
            return new InetSocketAddress(InetAddress.ofLiteral(parts[1]), port);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unexpected line: " + line + " (expected: listener ADDRESS PORT)", e);
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

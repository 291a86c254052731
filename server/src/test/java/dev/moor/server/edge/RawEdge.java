package dev.moor.server.edge;

import dev.moor.snapshot.channel.ChannelMessage;
import dev.moor.snapshot.channel.MessageReader;
import dev.moor.snapshot.channel.MessageWriter;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A peer that speaks the protocol by hand, for what a real agent never does: stop reading, send garbage, speak
 * another protocol. It reads only when {@link #startReading} was called.
 */
final class RawEdge implements AutoCloseable {
    private static final Object END = new Object();

    private final SocketChannel socket;
    private final MessageWriter writer;
    private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();

    RawEdge(Path path) throws IOException {
        socket = SocketChannel.open(StandardProtocolFamily.UNIX);
        socket.connect(UnixDomainSocketAddress.of(path));
        writer = new MessageWriter(socket);
    }

    RawEdge send(ChannelMessage message) throws IOException {
        writer.write(message);
        return this;
    }

    RawEdge sendLine(String line) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            socket.write(bytes);
        }
        return this;
    }

    RawEdge startReading() {
        Thread.ofVirtual().start(() -> {
            MessageReader reader = new MessageReader(socket, 256 << 20);
            try {
                for (ChannelMessage message = reader.read(); message != null; message = reader.read()) {
                    received.add(message);
                }
            } catch (IOException e) {
                // The end, as for a closed connection.
            }
            received.add(END);
        });
        return this;
    }

    /** The next message, or null when the connection ended. */
    ChannelMessage next() throws InterruptedException {
        Object next = received.poll(10, TimeUnit.SECONDS);
        if (next == null) {
            throw new AssertionError("no message within 10 s");
        }
        return next == END ? null : (ChannelMessage) next;
    }

    /** The next message of that type, skipping the others (pings). */
    <T extends ChannelMessage> T next(Class<T> type) throws InterruptedException {
        while (true) {
            ChannelMessage message = next();
            if (message == null) {
                throw new AssertionError("connection ended before a " + type.getSimpleName());
            }
            if (type.isInstance(message)) {
                return type.cast(message);
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

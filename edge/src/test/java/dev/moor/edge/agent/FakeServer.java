package dev.moor.edge.agent;

import dev.moor.snapshot.channel.ChannelMessage;
import dev.moor.snapshot.channel.MessageReader;
import dev.moor.snapshot.channel.MessageWriter;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The server's side of the channel spoken by hand, with the codec alone: for what the real one never sends (a type
 * from the future, silence), and to look at the agent's messages one by one.
 */
final class FakeServer implements AutoCloseable {
    private final ServerSocketChannel server;
    private final BlockingQueue<SocketChannel> accepted = new LinkedBlockingQueue<>();

    FakeServer(Path socket, Path tokenFile, String token) throws IOException {
        Files.createDirectories(socket.getParent());
        Files.writeString(tokenFile, token + "\n");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    accepted.add(server.accept());
                }
            } catch (IOException e) {
                // Closed.
            }
        });
    }

    /** The next connection of the agent. */
    Connection accept() throws InterruptedException {
        SocketChannel socket = accepted.poll(10, TimeUnit.SECONDS);
        if (socket == null) {
            throw new AssertionError("the agent did not connect within 10 s");
        }
        return new Connection(socket);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    static final class Connection implements AutoCloseable {
        private final SocketChannel socket;
        private final MessageReader reader;
        private final MessageWriter writer;

        Connection(SocketChannel socket) {
            this.socket = socket;
            this.reader = new MessageReader(socket, 1 << 20);
            this.writer = new MessageWriter(socket);
        }

        /** The agent's next message; null when it closed the connection. */
        ChannelMessage read() throws IOException {
            return reader.read();
        }

        <T extends ChannelMessage> T read(Class<T> type) throws IOException {
            ChannelMessage message = reader.read();
            if (!type.isInstance(message)) {
                throw new AssertionError("expected a " + type.getSimpleName() + ", got " + message);
            }
            return type.cast(message);
        }

        Connection send(ChannelMessage message) throws IOException {
            writer.write(message);
            return this;
        }

        Connection sendLine(String line) throws IOException {
            ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                socket.write(bytes);
            }
            return this;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}

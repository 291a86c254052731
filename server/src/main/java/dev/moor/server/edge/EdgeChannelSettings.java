package dev.moor.server.edge;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the {@link EdgeChannel} listens and how it watches its edges.
 *
 * @param socket       the Unix socket the edges connect to; its directory is the server's alone (mode 0700),
 *                     and is mounted into the edge's container
 * @param tokenFile    where the channel writes the token an edge must present (mode 0600)
 * @param ping         how often each edge is sent a ping: an edge that hears nothing for three of these connects
 *                     again
 * @param helloTimeout how long a new connection may take to say hello before it is closed
 * @param writeStall   how long an edge may leave a message unread before its connection is closed (it connects
 *                     again and gets the latest snapshot); meanwhile it holds back no other edge and no publish
 */
public record EdgeChannelSettings(Path socket, Path tokenFile, Duration ping, Duration helloTimeout, Duration writeStall) {
    public EdgeChannelSettings {
        Objects.requireNonNull(socket, "socket");
        Objects.requireNonNull(tokenFile, "tokenFile");
        positive(ping, "ping");
        positive(helloTimeout, "helloTimeout");
        positive(writeStall, "writeStall");
    }

    private static void positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: a positive duration)");
        }
    }

    /**
     * The socket, its token file next to it ({@code edge.sock} → {@code edge.token}), a ping every 5 s, 10 s to say
     * hello, 30 s to read a message.
     */
    public static EdgeChannelSettings of(Path socket) {
        String name = socket.getFileName().toString();
        int dot = name.lastIndexOf('.');
        Path tokenFile = socket.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".token");
        return new EdgeChannelSettings(socket, tokenFile, Duration.ofSeconds(5), Duration.ofSeconds(10),
                Duration.ofSeconds(30));
    }

    public EdgeChannelSettings withPing(Duration ping) {
        return new EdgeChannelSettings(socket, tokenFile, ping, helloTimeout, writeStall);
    }

    public EdgeChannelSettings withHelloTimeout(Duration helloTimeout) {
        return new EdgeChannelSettings(socket, tokenFile, ping, helloTimeout, writeStall);
    }

    public EdgeChannelSettings withWriteStall(Duration writeStall) {
        return new EdgeChannelSettings(socket, tokenFile, ping, helloTimeout, writeStall);
    }
}

package dev.moor.snapshot.channel;

import com.fasterxml.jackson.annotation.JsonTypeName;

import java.time.Duration;
import java.util.Objects;

/**
 * The server accepted the edge's {@link Hello}: snapshots follow.
 *
 * @param protocol the protocol both sides speak from now on
 * @param server   the server's build, for the edge's logs
 * @param ping     how often the server sends a {@link Ping}: an edge that hears nothing for a few of these
 *                 takes the server for gone and connects again
 */
@JsonTypeName("welcome")
public record Welcome(int protocol, String server, Duration ping) implements ChannelMessage {
    public Welcome {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(ping, "ping");
        if (ping.isNegative() || ping.isZero()) {
            throw new IllegalArgumentException("welcome: ping " + ping + " (expected: a positive duration)");
        }
    }
}

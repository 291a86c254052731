package dev.moor.snapshot.channel;

import com.fasterxml.jackson.annotation.JsonTypeName;

import java.util.Objects;

/**
 * The server did not accept the edge's {@link Hello} and closes the connection.
 *
 * @param reason what was wrong and what was expected, e.g.
 *               {@code token: wrong (expected: the contents of /run/moor/edge.token)}
 */
@JsonTypeName("refused")
public record Refused(String reason) implements ChannelMessage {
    public Refused {
        Objects.requireNonNull(reason, "reason");
    }
}

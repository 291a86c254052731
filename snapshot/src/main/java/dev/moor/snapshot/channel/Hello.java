package dev.moor.snapshot.channel;

import com.fasterxml.jackson.annotation.JsonTypeName;

import java.util.Objects;

/**
 * The edge's first message on a connection.
 *
 * @param protocol       the protocol the edge speaks ({@link ChannelProtocol#VERSION})
 * @param edgeId         names the edge in the server's status and logs (e.g. the host name); two edges of a host
 *                       may be connected at once while one replaces the other
 * @param edgeVersion    the edge's build, for status
 * @param servingVersion the version of the snapshot the edge serves (0 when none)
 * @param servingDigest  {@link SnapshotDigest#of} what the edge serves: a server whose latest snapshot has the same
 *                       content sends nothing new
 * @param token          the contents of the token file the server wrote next to its socket
 */
@JsonTypeName("hello")
public record Hello(int protocol, String edgeId, String edgeVersion, long servingVersion, String servingDigest,
                    String token) implements ChannelMessage {
    public Hello {
        Objects.requireNonNull(edgeId, "edgeId");
        Objects.requireNonNull(edgeVersion, "edgeVersion");
        Objects.requireNonNull(servingDigest, "servingDigest");
        Objects.requireNonNull(token, "token");
    }

    /** Without the token, which must not reach a log. */
    @Override
    public String toString() {
        return "Hello[protocol=" + protocol + ", edgeId=" + edgeId + ", edgeVersion=" + edgeVersion
                + ", servingVersion=" + servingVersion + ", servingDigest=" + servingDigest + "]";
    }
}

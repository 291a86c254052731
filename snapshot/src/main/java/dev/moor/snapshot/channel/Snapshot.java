package dev.moor.snapshot.channel;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.moor.snapshot.EdgeSnapshot;

import java.util.Objects;

/** What the edge serves from now on; it answers with an {@link Ack} once it serves it and has persisted it. */
@JsonTypeName("snapshot")
public record Snapshot(EdgeSnapshot snapshot) implements ChannelMessage {
    public Snapshot {
        Objects.requireNonNull(snapshot, "snapshot");
    }
}

package dev.moor.snapshot.channel;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.moor.snapshot.SnapshotProblem;

import java.util.List;

/**
 * The edge serves the snapshot of this version (and has persisted it, unless a problem says otherwise).
 *
 * @param version  the snapshot's version
 * @param problems the parts of it the edge skipped; the rest serves
 */
@JsonTypeName("ack")
public record Ack(long version, List<SnapshotProblem> problems) implements ChannelMessage {
    public Ack {
        problems = problems == null ? List.of() : List.copyOf(problems);
    }
}

package dev.moor.server.edge;

import dev.moor.snapshot.SnapshotProblem;

import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

/**
 * An edge connected to the {@link EdgeChannel}, as {@code moor server status} shows it.
 *
 * @param connection   numbers the connections of this server, in the order they were accepted
 * @param edgeId       the name the edge gave in its hello
 * @param edgeVersion  the edge's build
 * @param connectedAt  when it said hello
 * @param acknowledged the version of the latest snapshot it serves, by its acknowledgement (or because it said in
 *                     its hello that it serves that content); empty before the first
 * @param problems     the parts of that snapshot it skipped
 */
public record ConnectedEdge(long connection, String edgeId, String edgeVersion, Instant connectedAt,
                            OptionalLong acknowledged, List<SnapshotProblem> problems) {
    public ConnectedEdge {
        problems = List.copyOf(problems);
    }
}

package dev.moor.server.edge;

import dev.moor.edge.agent.EdgeAgent;
import dev.moor.snapshot.EdgeSnapshot;
import dev.moor.snapshot.SnapshotProblem;
import dev.moor.snapshot.channel.Purge;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A real {@link EdgeAgent} whose target records what it was given, as an edge's {@code EdgeServer::update} would serve it. */
final class TestEdge implements AutoCloseable {
    final List<EdgeSnapshot> applied = new CopyOnWriteArrayList<>();
    final List<String> reports = new CopyOnWriteArrayList<>();
    /** The purges the edge was asked for; each removes 3 stored URIs, and one of the path /fail fails. */
    final List<Purge> purges = new CopyOnWriteArrayList<>();
    final Path stateDirectory;
    final EdgeAgent agent;

    TestEdge(String edgeId, Path socket, Path tokenFile, Path stateDirectory) {
        this(edgeId, socket, tokenFile, stateDirectory, snapshot -> List.of());
    }

    TestEdge(String edgeId, Path socket, Path tokenFile, Path stateDirectory,
             Function<EdgeSnapshot, List<SnapshotProblem>> problems) {
        this.stateDirectory = stateDirectory;
        this.agent = EdgeAgent.builder()
                .socket(socket)
                .tokenFile(tokenFile)
                .stateDirectory(stateDirectory)
                .edgeId(edgeId)
                .edgeVersion("test")
                .target(snapshot -> {
                    applied.add(snapshot);
                    return problems.apply(snapshot);
                })
                .reports(reports::add)
                .purges(purge -> {
                    purges.add(purge);
                    if (purge.pathPrefix().equals("/fail")) {
                        throw new IllegalStateException("the cache is closed");
                    }
                    return 3;
                })
                .retry(Duration.ofMillis(10), Duration.ofMillis(100))
                .build();
    }

    TestEdge start() {
        agent.start();
        return this;
    }

    EdgeSnapshot last() {
        return applied.isEmpty() ? null : applied.getLast();
    }

    @Override
    public void close() {
        agent.close();
    }
}

package dev.moor.server;

import dev.moor.server.edge.EdgePurge;

import java.util.List;

/**
 * What a cache purge did: each connected edge's answer.
 *
 * @param removed the stored URIs the edges removed, all together
 */
public record CachePurged(List<EdgePurge> edges, long removed) {
    public CachePurged {
        edges = List.copyOf(edges);
    }

    public static CachePurged of(List<EdgePurge> edges) {
        return new CachePurged(edges, edges.stream().mapToLong(EdgePurge::removed).sum());
    }
}

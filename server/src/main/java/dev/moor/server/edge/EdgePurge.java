package dev.moor.server.edge;

import java.util.Optional;

/**
 * What one edge answered a cache purge.
 *
 * @param edgeId  the name the edge gave in its hello
 * @param removed the stored URIs it removed (each with its variants)
 * @param problem why it did not purge, or not for sure: it failed, left, or did not answer in time
 */
public record EdgePurge(String edgeId, long removed, Optional<String> problem) {}

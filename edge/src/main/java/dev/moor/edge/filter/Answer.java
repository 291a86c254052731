package dev.moor.edge.filter;

/**
 * A response a filter gives in place of the upstream's: one it makes ({@link LocalAnswer}), or one a cache stored
 * with its head rendered already ({@link StoredAnswer}).
 */
public sealed interface Answer extends Verdict permits LocalAnswer, StoredAnswer {
    /** The status code the client gets. */
    int status();
}

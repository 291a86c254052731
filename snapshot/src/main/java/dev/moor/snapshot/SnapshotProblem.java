package dev.moor.snapshot;

/**
 * A part of a snapshot the edge could not use: it is skipped, the rest serves.
 *
 * @param where   e.g. {@code routes[3]} or {@code clusters.web}
 * @param message what is wrong, e.g. {@code backend api: no such cluster}
 */
public record SnapshotProblem(String where, String message) {
    public String render() {
        return where + ": " + message;
    }
}

package dev.moor.spec;

import java.nio.file.Path;
import java.util.Comparator;

/**
 * One thing wrong with a {@code moor.yaml} (or the server's {@code server.yaml}), with where it is and what was
 * expected there.
 *
 * @param file     the file the problem is in
 * @param line     1-based line, or 0 when the problem is about the file as a whole (it cannot be read)
 * @param column   1-based column, or 0 with line 0
 * @param path     the key path, e.g. {@code services.web.replicas} or {@code routes[1].path}; empty for the document
 * @param kind     what sort of problem it is
 * @param value    the offending value as written (may be empty); for a misplaced key, what the key is
 * @param expected what was expected there; for an unknown key, a suggestion or the keys allowed there; for a
 *                 misplaced key, where to write it instead
 */
public record SpecProblem(Path file, int line, int column, String path, Kind kind, String value, String expected) {

    /** Problems in reading order: by file, line, then column. */
    static final Comparator<SpecProblem> IN_FILE_ORDER = Comparator
            .comparing((SpecProblem problem) -> problem.file().toString())
            .thenComparingInt(SpecProblem::line)
            .thenComparingInt(SpecProblem::column);

    public enum Kind {
        /** A value of the wrong type or out of range. */
        INVALID_VALUE,
        /** A required key is absent; the position is that of the map it belongs in. */
        MISSING_KEY,
        /** A key that has no meaning at its place. */
        UNKNOWN_KEY,
        /**
         * A key with a meaning, but in another file: {@code value} says what it is, {@code expected} where it goes
         * (the edge-wide settings of an app's {@code edge} are the server's, in {@code server.yaml}).
         */
        MISPLACED_KEY,
        /** A key written twice in one map; the position is that of the second one. */
        DUPLICATE_KEY,
        /** The text is not YAML. */
        INVALID_YAML
    }

    /**
     * The problem on one line, e.g. {@code moor.yaml:12:15: services.web.replicas: -1 (expected: an integer >= 0)}
     * or {@code moor.yaml:7:5: services.web.replcas: unknown key (did you mean 'replicas'?)}, or
     * {@code moor.yaml:9:3: edge.threads: an edge-wide setting (expected: set it in the server's configuration, …)}.
     */
    public String render() {
        StringBuilder text = new StringBuilder(file.toString());
        if (line > 0) {
            text.append(':').append(line).append(':').append(column);
        }
        text.append(": ");
        if (!path.isEmpty()) {
            text.append(path).append(": ");
        }
        text.append(switch (kind) {
            case INVALID_VALUE -> (value.isEmpty() ? "empty" : value) + " (expected: " + expected + ")";
            case MISSING_KEY -> "missing (expected: " + expected + ")";
            case UNKNOWN_KEY -> "unknown key (" + expected + ")";
            case MISPLACED_KEY -> value + " (expected: " + expected + ")";
            case DUPLICATE_KEY -> "duplicate key (" + expected + ")";
            case INVALID_YAML -> "invalid YAML: " + value;
        });
        return text.toString();
    }
}

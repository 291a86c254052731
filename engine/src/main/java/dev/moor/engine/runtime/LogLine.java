package dev.moor.engine.runtime;

/**
 * One line of a container's output.
 *
 * @param containerId the container
 * @param stream      stdout or stderr
 * @param text        the line, without its newline
 */
public record LogLine(String containerId, Stream stream, String text) {
    public enum Stream { STDOUT, STDERR }
}

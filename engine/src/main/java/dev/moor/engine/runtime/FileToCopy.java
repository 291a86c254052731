package dev.moor.engine.runtime;

/**
 * A file written into a container before it starts.
 *
 * @param path    the absolute path inside the container; missing directories are created
 * @param content the bytes
 * @param mode    the Unix permission bits, e.g. {@code 0400}
 */
public record FileToCopy(String path, byte[] content, int mode) {}

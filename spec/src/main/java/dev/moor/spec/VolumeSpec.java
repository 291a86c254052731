package dev.moor.spec;

/**
 * A mount into every replica: {@code source:target[:ro]}.
 *
 * @param kind     a named volume (owned by the app) or a host directory
 * @param source   the volume name, or the absolute host path
 * @param target   the absolute path inside the container
 * @param readOnly whether the mount is read-only
 */
public record VolumeSpec(Kind kind, String source, String target, boolean readOnly) {
    public enum Kind { VOLUME, BIND }
}

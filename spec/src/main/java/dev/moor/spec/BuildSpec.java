package dev.moor.spec;

import java.nio.file.Path;
import java.util.Map;

/**
 * How to build a service's image.
 *
 * @param context    the build context directory, absolute
 * @param dockerfile the Dockerfile, relative to the context ({@code Dockerfile} unless set)
 * @param args       build arguments
 */
public record BuildSpec(Path context, String dockerfile, Map<String, String> args) {
    public static final String DEFAULT_DOCKERFILE = "Dockerfile";

    public BuildSpec {
        args = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(args));
    }
}

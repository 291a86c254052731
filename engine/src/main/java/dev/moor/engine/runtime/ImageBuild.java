package dev.moor.engine.runtime;

import java.nio.file.Path;
import java.util.Map;

/**
 * @param context    the build context directory
 * @param dockerfile the Dockerfile, relative to the context
 * @param args       build arguments
 * @param tags       the tags the built image gets (at least one)
 * @param labels     labels of the built image
 */
public record ImageBuild(Path context, String dockerfile, Map<String, String> args, java.util.List<String> tags,
                         Map<String, String> labels) {
    public ImageBuild {
        args = Map.copyOf(args);
        tags = java.util.List.copyOf(tags);
        labels = Map.copyOf(labels);
    }
}

package dev.moor.engine.runtime;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * @param context    the build context directory
 * @param dockerfile the Dockerfile, relative to the context
 * @param args       build arguments
 * @param tags       the tags the built image gets (at least one)
 * @param labels     labels of the built image
 * @param network    the network the build's RUN steps have ({@code none}: loopback only), or the engine's default
 */
public record ImageBuild(Path context, String dockerfile, Map<String, String> args, java.util.List<String> tags,
                         Map<String, String> labels, Optional<String> network) {
    public ImageBuild {
        args = Map.copyOf(args);
        tags = java.util.List.copyOf(tags);
        labels = Map.copyOf(labels);
    }

    /** A build on the engine's default network. */
    public ImageBuild(Path context, String dockerfile, Map<String, String> args, java.util.List<String> tags,
                      Map<String, String> labels) {
        this(context, dockerfile, args, tags, labels, Optional.empty());
    }
}

package dev.moor.docker;

import dev.moor.engine.runtime.ImageBuild;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The image the Docker tests run: Debian's static busybox on an empty base, built locally because no
 * registry is reachable. Precondition: Debian's busybox-static is installed ({@code /bin/busybox}).
 */
final class TestImages {

    static final String BUSYBOX = "moor-test/busybox:1";
    private static final Path STATIC_BUSYBOX = Path.of("/bin/busybox");

    private TestImages() {}

    /** Builds {@link #BUSYBOX} (the engine's cache makes repeated builds instant) and returns its name. */
    static synchronized String busybox(DockerRuntime runtime) throws IOException {
        if (!Files.isExecutable(STATIC_BUSYBOX)) {
            throw new IllegalStateException("the Docker tests need Debian's static busybox at " + STATIC_BUSYBOX
                    + ": apt-get install busybox-static");
        }
        Path context = Files.createTempDirectory("moor-test-busybox");
        try {
            Files.copy(STATIC_BUSYBOX, context.resolve("busybox"));
            Files.writeString(context.resolve("Dockerfile"), """
                    FROM scratch
                    COPY busybox /bin/busybox
                    RUN ["/bin/busybox", "--install", "-s", "/bin"]
                    """);
            runtime.buildImage(new ImageBuild(context, "Dockerfile", Map.of(), List.of(BUSYBOX),
                    Map.of("moor.test", "true")), line -> {});
            return BUSYBOX;
        } finally {
            TestFiles.deleteTree(context);
        }
    }
}

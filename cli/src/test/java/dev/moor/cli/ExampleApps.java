package dev.moor.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/** Copies an example of the repository under a unique app name, so tests never touch a user's apps. */
final class ExampleApps {
    private static final Path EXAMPLES = Path.of("../examples").toAbsolutePath().normalize();

    private ExampleApps() {}

    static String uniqueName(String base) {
        return base + "-it-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
    }

    /**
     * A copy whose edge listens on {@code port} instead of the example's 8080, so that tests never collide with
     * each other or with a developer's running Moor.
     *
     * @return the directory of the copy, whose moor.yaml names {@code app}
     */
    static Path copy(String example, Path into, String app, int port) {
        Path copy = copy(example, into, app);
        Path spec = copy.resolve("moor.yaml");
        try {
            String text = Files.readString(spec, StandardCharsets.UTF_8);
            Files.writeString(spec, text.replaceFirst("(?m)^  listen: \\d+$", "  listen: " + port), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return copy;
    }

    /** @return the directory of the copy, whose moor.yaml names {@code app} */
    static Path copy(String example, Path into, String app) {
        Path source = EXAMPLES.resolve(example);
        Path target = into.resolve(app);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path copy = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
            Path spec = target.resolve("moor.yaml");
            String text = Files.readString(spec, StandardCharsets.UTF_8);
            Files.writeString(spec, text.replaceFirst("(?m)^app:.*$", "app: " + app), StandardCharsets.UTF_8);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

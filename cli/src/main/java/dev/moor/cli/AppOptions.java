package dev.moor.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;

/** How a command names the app it works on: {@code --app NAME}, {@code --file FILE|DIR}, or nothing. */
final class AppOptions {
    @Option(names = "--app", paramLabel = "NAME", description = "The app (default: the app of ./moor.yaml, or the only running app).")
    String app;

    @Option(names = "--file", paramLabel = "FILE|DIR", description = "The moor.yaml (or its directory) that names the app.")
    Path file;

    Optional<String> app() {
        return Optional.ofNullable(app);
    }

    Optional<Path> file() {
        return Optional.ofNullable(file);
    }
}

package dev.moor.engine.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * The state directory of one Moor installation: {@code $MOOR_HOME}, else {@code ~/.moor}. It holds the
 * SQLite store, and under {@code run/} (mode 0700) each running app's API socket and lock.
 */
public record MoorHome(Path directory) {

    public static MoorHome fromEnvironment(Map<String, String> environment) {
        String configured = environment.get("MOOR_HOME");
        if (configured != null && !configured.isBlank()) {
            return new MoorHome(Path.of(configured).toAbsolutePath());
        }
        return new MoorHome(Path.of(System.getProperty("user.home"), ".moor"));
    }

    public Path database() {
        return directory.resolve("moor.db");
    }

    public Path runDirectory() {
        return directory.resolve("run");
    }

    /** The local API socket of a running app. */
    public Path socket(String app) {
        return runDirectory().resolve(app + ".sock");
    }

    /** The lock a running Moor holds for its app, so two cannot run one app. */
    public Path lock(String app) {
        return runDirectory().resolve(app + ".lock");
    }

    /** Creates the directories, private to the user. */
    public MoorHome ensureExists() {
        try {
            Files.createDirectories(directory);
            if (!Files.isDirectory(runDirectory())) {
                Files.createDirectories(runDirectory());
            }
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
            Files.setPosixFilePermissions(runDirectory(), PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create Moor's state directory " + directory + ": " + e.getMessage(), e);
        }
        return this;
    }
}

package dev.moor.edge.agent;

import dev.moor.snapshot.EdgeSnapshot;
import dev.moor.snapshot.SnapshotJson;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The last snapshot the edge was sent, in its state directory, so that a restarted edge serves it at once. It holds
 * the private keys of the HTTPS certificates: the file is its owner's only (0600), and so is a directory it makes.
 */
final class SnapshotStore {
    static final String FILE = "snapshot.json";
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private final Path directory;
    private final Path file;

    SnapshotStore(Path directory) {
        this.directory = directory;
        this.file = directory.resolve(FILE);
    }

    Path file() {
        return file;
    }

    /**
     * The snapshot persisted last, if any. One that cannot be read is reported, set aside as {@code snapshot.json.corrupt}
     * (for whoever wants to know what happened) and ignored.
     */
    Optional<EdgeSnapshot> load(Consumer<String> reports) {
        String json;
        try {
            json = Files.readString(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            reports.accept("state " + file + ": cannot read (" + e + "); starting empty, waiting for the server");
            return Optional.empty();
        }
        try {
            return Optional.of(SnapshotJson.read(json, EdgeSnapshot.class));
        } catch (IllegalArgumentException e) {
            Path aside = file.resolveSibling(FILE + ".corrupt");
            String kept;
            try {
                Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
                kept = "kept as " + aside;
            } catch (IOException moveFailed) {
                kept = "cannot move it aside: " + moveFailed;
            }
            reports.accept("state " + file + ": unreadable, ignored (" + e.getMessage() + "; expected: a snapshot as "
                    + "the edge writes it); starting empty, waiting for the server; " + kept);
            return Optional.empty();
        }
    }

    /**
     * Replaces the persisted snapshot: written to a temporary file, forced to disk, renamed over the old one and the
     * directory forced, so that a crash at any point leaves the old snapshot or the new one, whole.
     */
    void save(EdgeSnapshot snapshot) throws IOException {
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_DIRECTORY));
        }
        // A name of its own: while one edge replaces another, both write to this directory.
        Path temporary = Files.createTempFile(directory, FILE + ".", ".tmp",
                PosixFilePermissions.asFileAttribute(OWNER_FILE));
        byte[] json = (SnapshotJson.write(snapshot) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(json);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }
        try {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }
}

package dev.moor.docker;

import dev.moor.engine.runtime.FileToCopy;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A tar archive, to be extracted at {@code /}, that holds files with their modes and every parent directory,
 * all owned by root.
 */
final class FilesArchive {

    private static final int DIRECTORY_MODE = 0755;

    private FilesArchive() {}

    static byte[] of(List<FileToCopy> files) {
        SortedSet<String> directories = new TreeSet<>();
        for (FileToCopy file : files) {
            String relative = relativePath(file.path());
            for (int slash = relative.indexOf('/'); slash > 0; slash = relative.indexOf('/', slash + 1)) {
                directories.add(relative.substring(0, slash + 1));
            }
        }
        Instant now = Instant.now();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            // A parent's entry precedes its children's because "a/" sorts before "a/b/".
            for (String directory : directories) {
                TarArchiveEntry entry = new TarArchiveEntry(directory);
                entry.setMode(TarArchiveEntry.DEFAULT_DIR_MODE & ~07777 | DIRECTORY_MODE);
                ownedByRoot(entry, now);
                tar.putArchiveEntry(entry);
                tar.closeArchiveEntry();
            }
            for (FileToCopy file : files) {
                TarArchiveEntry entry = new TarArchiveEntry(relativePath(file.path()));
                entry.setMode(TarArchiveEntry.DEFAULT_FILE_MODE & ~07777 | file.mode() & 07777);
                entry.setSize(file.content().length);
                ownedByRoot(entry, now);
                tar.putArchiveEntry(entry);
                tar.write(file.content());
                tar.closeArchiveEntry();
            }
            tar.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void ownedByRoot(TarArchiveEntry entry, Instant time) {
        entry.setUserId(0);
        entry.setGroupId(0);
        entry.setUserName("root");
        entry.setGroupName("root");
        entry.setLastModifiedTime(FileTime.from(time));
    }

    private static String relativePath(String path) {
        if (!path.startsWith("/") || path.endsWith("/") || path.length() < 2) {
            throw new IllegalArgumentException("file path: " + path + " (expected an absolute path to a file)");
        }
        for (String segment : path.substring(1).split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException(
                        "file path: " + path + " (expected no empty, '.' or '..' segments)");
            }
        }
        return path.substring(1);
    }
}

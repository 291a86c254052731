package dev.moor.docker;

import dev.moor.engine.runtime.FileToCopy;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FilesArchiveTest {

    record Entry(String name, boolean directory, int mode, long uid, long gid, String content) {}

    @Test
    void holdsEveryParentDirectoryFirstAndTheFilesWithTheirModesOwnedByRoot() throws IOException {
        byte[] archive = FilesArchive.of(List.of(
                new FileToCopy("/run/secrets/db", "pw".getBytes(StandardCharsets.UTF_8), 0400),
                new FileToCopy("/run/secrets/api", "key".getBytes(StandardCharsets.UTF_8), 0440),
                new FileToCopy("/top", new byte[0], 0755)));

        assertThat(read(archive)).containsExactly(
                new Entry("run/", true, 0755, 0, 0, ""),
                new Entry("run/secrets/", true, 0755, 0, 0, ""),
                new Entry("run/secrets/db", false, 0400, 0, 0, "pw"),
                new Entry("run/secrets/api", false, 0440, 0, 0, "key"),
                new Entry("top", false, 0755, 0, 0, ""));
    }

    @Test
    void keepsLongPaths() throws IOException {
        String path = "/" + "deep/".repeat(30) + "file";

        assertThat(read(FilesArchive.of(List.of(new FileToCopy(path, new byte[] {1}, 0600)))).getLast())
                .isEqualTo(new Entry(path.substring(1), false, 0600, 0, 0, "\u0001"));
    }

    @Test
    void refusesPathsThatAreNotAbsoluteFilePaths() {
        for (String path : List.of("run/secrets/x", "/run/../etc/passwd", "/run//x", "/run/secrets/", "/", "/./x")) {
            assertThatThrownBy(() -> FilesArchive.of(List.of(new FileToCopy(path, new byte[0], 0400))))
                    .as(path)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("file path: " + path + " (expected");
        }
    }

    private static List<Entry> read(byte[] archive) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(archive))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                entries.add(new Entry(e.getName(), e.isDirectory(), e.getMode() & 07777, e.getLongUserId(),
                        e.getLongGroupId(), new String(tar.readAllBytes(), StandardCharsets.UTF_8)));
            }
        }
        return entries;
    }
}

package dev.moor.server.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceStoreTest {

    @TempDir
    Path temp;

    @Test
    void anArchiveIsUnpackedOnceUnderItsDigestAndFoundAgain() throws IOException {
        byte[] archive = tar(tar -> file(tar, "web/index.html", "hello"));
        SourceStore store = SourceStore.open(temp.resolve("sources"));
        String digest = sha256(archive);

        Path tree = store.receive(digest, new ByteArrayInputStream(archive));

        assertThat(tree).isEqualTo(temp.resolve("sources").resolve(digest));
        assertThat(Files.readString(tree.resolve("web/index.html"))).isEqualTo("hello");
        assertThat(store.tree(digest)).contains(tree);
        assertThat(store.receive(digest, InputStream.nullInputStream())).isEqualTo(tree);
        assertThat(SourceStore.open(temp.resolve("sources")).tree(digest)).contains(tree);
        assertThat(Files.getPosixFilePermissions(temp.resolve("sources")).toString())
                .isEqualTo("[OWNER_READ, OWNER_WRITE, OWNER_EXECUTE]");
    }

    @Test
    void aBodyThatIsNotTheDigestItClaimsIsRefusedAndLeavesNothing() throws IOException {
        byte[] archive = tar(tar -> file(tar, "a.txt", "a"));
        SourceStore store = SourceStore.open(temp.resolve("sources"));
        String other = sha256("other".getBytes(StandardCharsets.UTF_8));

        assertThatIllegalArgumentException()
                .isThrownBy(() -> store.receive(other, new ByteArrayInputStream(archive)))
                .withMessage("upload: the body's SHA-256 is " + sha256(archive) + ", not the " + other
                        + " its path names (expected: the digest of the archive sent)");
        assertThat(store.tree(other)).isEmpty();
        assertThat(entries(temp.resolve("sources"))).isEmpty();
    }

    @Test
    void entriesThatWouldLandOutsideTheTreeOrAreNotPlainFilesAreRefused() throws IOException {
        assertRefused(tar(tar -> file(tar, "../escape.txt", "x")),
                "upload: entry ../escape.txt (expected: a relative path without . or .. parts)");
        assertRefused(tar(tar -> file(tar, "/etc/escape.txt", "x")),
                "upload: entry /etc/escape.txt (expected: a relative path without . or .. parts)");
        assertRefused(tar(tar -> file(tar, "a/./b.txt", "x")),
                "upload: entry a/./b.txt (expected: a relative path without . or .. parts)");
        assertRefused(tar(tar -> {
            TarArchiveEntry link = new TarArchiveEntry("link", TarConstants.LF_SYMLINK);
            link.setLinkName("/etc/passwd");
            put(tar, link, null);
        }), "upload: link is a symbolic link (expected: regular files and directories only)");
        assertRefused(tar(tar -> {
            file(tar, "twice.txt", "1");
            file(tar, "twice.txt", "2");
        }), "upload: twice.txt is in the archive twice (expected: each path once)");
        assertRefused("not a tar at all".getBytes(StandardCharsets.UTF_8),
                "upload: not a complete gzipped tar (Not in GZIP format)");
        assertThat(Files.exists(temp.resolve("escape.txt"))).isFalse();
        assertThat(entries(temp.resolve("sources"))).isEmpty();
    }

    @Test
    void aDigestThatIsNotOneIsRefused() {
        SourceStore store = SourceStore.open(temp.resolve("sources"));

        assertThatIllegalArgumentException()
                .isThrownBy(() -> store.tree("../../etc"))
                .withMessage("upload: digest ../../etc (expected: the SHA-256 of the archive, 64 lowercase hex digits)");
    }

    @Test
    void whatAServerLeftWhileReceivingIsRemovedWhenTheStoreOpens() throws IOException {
        Path sources = Files.createDirectories(temp.resolve("sources"));
        Files.createDirectories(sources.resolve(".incoming-1234/web"));
        Files.writeString(sources.resolve(".incoming-1234/web/index.html"), "half");
        Files.writeString(sources.resolve(".incoming-1234.tar.gz"), "half");

        SourceStore.open(sources);

        assertThat(entries(sources)).isEmpty();
    }

    private void assertRefused(byte[] archive, String message) throws IOException {
        SourceStore store = SourceStore.open(temp.resolve("sources"));
        String digest = sha256(archive);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> store.receive(digest, new ByteArrayInputStream(archive)))
                .withMessage(message);
        assertThat(store.tree(digest)).isEmpty();
    }

    private interface TarWriter {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    private static byte[] tar(TarWriter writer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            writer.write(tar);
        }
        return bytes.toByteArray();
    }

    private static void file(TarArchiveOutputStream tar, String name, String text) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        byte[] content = text.getBytes(StandardCharsets.UTF_8);
        entry.setSize(content.length);
        put(tar, entry, content);
    }

    private static void put(TarArchiveOutputStream tar, TarArchiveEntry entry, byte[] content) throws IOException {
        tar.putArchiveEntry(entry);
        if (content != null) {
            tar.write(content);
        }
        tar.closeArchiveEntry();
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(SourceArchive.sha256().digest(bytes));
    }

    private static List<Path> entries(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.toList();
        }
    }
}

package dev.moor.server.source;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * The {@link SourceArchive}s remote clients sent, each unpacked into a directory named by its digest, where the
 * server builds and reads secrets from as it would from the client's directory. A directory appears whole or not
 * at all: an archive is received and unpacked beside it, checked, then renamed. Directories stay while revisions
 * may name them.
 */
public final class SourceStore {

    /** The largest archive received. */
    public static final long MAX_ARCHIVE_BYTES = 4L << 30;
    /** The most bytes an archive may unpack to. */
    static final long MAX_UNPACKED_BYTES = 16L << 30;
    /** The most entries an archive may hold. */
    static final int MAX_ENTRIES = 1_000_000;

    private static final String INCOMING = ".incoming-";
    private static final Set<PosixFilePermission> PRIVATE = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

    private final Path directory;

    private SourceStore(Path directory) {
        this.directory = directory;
    }

    /**
     * The store in {@code directory}, created private to the user; what a server that stopped while receiving left
     * there is removed.
     */
    public static SourceStore open(Path directory) {
        try {
            Files.createDirectories(directory);
            Files.setPosixFilePermissions(directory, PRIVATE);
            try (Stream<Path> entries = Files.list(directory)) {
                for (Path left : entries.filter(p -> p.getFileName().toString().startsWith(INCOMING)).toList()) {
                    deleteTree(left);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the uploaded sources in " + directory + ": " + e.getMessage(), e);
        }
        return new SourceStore(directory);
    }

    /**
     * The directory of the archive {@code digest}, when it was received.
     *
     * @throws IllegalArgumentException when {@code digest} is not 64 lowercase hex digits
     */
    public Optional<Path> tree(String digest) {
        Path tree = directory.resolve(checked(digest));
        return Files.isDirectory(tree) ? Optional.of(tree) : Optional.empty();
    }

    /**
     * Receives the archive {@code digest} from {@code body} and unpacks it, unless it was received before.
     *
     * @return its directory
     * @throws IllegalArgumentException when the digest is malformed or not the body's, or the archive is not a
     *                                  gzipped tar of regular files and directories inside itself
     * @throws ArchiveTooLarge          when the body or what it unpacks to is larger than allowed
     * @throws UncheckedIOException     when the disk fails
     */
    public Path receive(String digest, InputStream body) {
        Optional<Path> existing = tree(digest);
        if (existing.isPresent()) {
            return existing.get();
        }
        String incoming = INCOMING + UUID.randomUUID();
        Path archive = directory.resolve(incoming + ".tar.gz");
        Path unpacked = directory.resolve(incoming);
        try {
            String received = copyLimited(body, archive);
            if (!received.equals(digest)) {
                throw new IllegalArgumentException("upload: the body's SHA-256 is " + received + ", not the " + digest
                        + " its path names (expected: the digest of the archive sent)");
            }
            unpack(archive, unpacked);
            Path tree = directory.resolve(digest);
            try {
                Files.move(unpacked, tree, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException sentTwiceAtOnce) {
                deleteTree(unpacked);
            }
            return tree;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the upload " + digest + " in " + directory + ": "
                    + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(archive);
                if (Files.exists(unpacked)) {
                    deleteTree(unpacked);
                }
            } catch (IOException e) {
                // Left for the next start, which removes every incoming leftover.
            }
        }
    }

    private static String copyLimited(InputStream body, Path archive) throws IOException {
        MessageDigest sha = SourceArchive.sha256();
        long total = 0;
        try (OutputStream out = Files.newOutputStream(archive)) {
            byte[] buffer = new byte[64 * 1024];
            for (int read = body.read(buffer); read >= 0; read = body.read(buffer)) {
                total += read;
                if (total > MAX_ARCHIVE_BYTES) {
                    throw new ArchiveTooLarge("upload: more than " + MAX_ARCHIVE_BYTES + " bytes (expected: an"
                            + " archive of at most 4 GiB; leave large files out of build contexts with .dockerignore)");
                }
                sha.update(buffer, 0, read);
                out.write(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void unpack(Path archive, Path into) throws IOException {
        Files.createDirectory(into);
        long unpackedBytes = 0;
        int entries = 0;
        byte[] buffer = new byte[64 * 1024];
        try (TarArchiveInputStream tar = openArchive(archive)) {
            for (TarArchiveEntry entry = next(tar); entry != null; entry = next(tar)) {
                if (++entries > MAX_ENTRIES) {
                    throw new ArchiveTooLarge("upload: more than " + MAX_ENTRIES + " entries (expected: at most "
                            + MAX_ENTRIES + ")");
                }
                Path target = target(into, entry.getName());
                if (entry.isDirectory()) {
                    createDirectories(target, entry);
                    Files.setPosixFilePermissions(target, permissions(entry.getMode() | 0700));
                } else if (entry.getLinkFlag() == TarConstants.LF_NORMAL
                        || entry.getLinkFlag() == TarConstants.LF_OLDNORM) {
                    createDirectories(target.getParent(), entry);
                    unpackedBytes += entry.getSize();
                    if (unpackedBytes > MAX_UNPACKED_BYTES) {
                        throw new ArchiveTooLarge("upload: unpacks to more than " + MAX_UNPACKED_BYTES + " bytes"
                                + " (expected: at most 16 GiB)");
                    }
                    try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                            StandardOpenOption.WRITE)) {
                        for (int read = read(tar, buffer); read >= 0; read = read(tar, buffer)) {
                            out.write(buffer, 0, read);
                        }
                    } catch (FileAlreadyExistsException e) {
                        throw new IllegalArgumentException("upload: " + entry.getName() + " is in the archive twice"
                                + " (expected: each path once)", e);
                    }
                    Files.setPosixFilePermissions(target, permissions(entry.getMode() | 0600));
                } else {
                    throw new IllegalArgumentException("upload: " + entry.getName() + " is " + kind(entry)
                            + " (expected: regular files and directories only)");
                }
            }
        }
    }

    private static TarArchiveInputStream openArchive(Path archive) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(archive));
        try {
            return new TarArchiveInputStream(new GZIPInputStream(in), "UTF-8");
        } catch (IOException e) {
            in.close();
            throw malformed(e);
        }
    }

    private static TarArchiveEntry next(TarArchiveInputStream tar) {
        try {
            return tar.getNextEntry();
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    private static int read(TarArchiveInputStream tar, byte[] buffer) {
        try {
            return tar.read(buffer);
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    private static IllegalArgumentException malformed(IOException e) {
        return new IllegalArgumentException("upload: not a complete gzipped tar (" + e.getMessage() + ")", e);
    }

    private static void createDirectories(Path directory, TarArchiveEntry entry) throws IOException {
        try {
            Files.createDirectories(directory);
        } catch (FileAlreadyExistsException e) {
            throw new IllegalArgumentException("upload: " + entry.getName() + " needs a directory where the archive"
                    + " has a file (expected: each path once)", e);
        }
    }

    private static Path target(Path root, String name) {
        String relative = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        List<String> parts = new ArrayList<>(List.of(relative.split("/", -1)));
        if (relative.isEmpty() || relative.startsWith("/") || relative.indexOf('\0') >= 0
                || parts.stream().anyMatch(part -> part.isEmpty() || part.equals(".") || part.equals(".."))) {
            throw new IllegalArgumentException("upload: entry " + name + " (expected: a relative path without . or"
                    + " .. parts)");
        }
        Path target = root.resolve(relative).normalize();
        if (!target.startsWith(root) || target.equals(root)) {
            throw new IllegalArgumentException("upload: entry " + name + " (expected: a path inside the archive)");
        }
        return target;
    }

    private static String kind(TarArchiveEntry entry) {
        if (entry.isSymbolicLink()) {
            return "a symbolic link";
        }
        if (entry.isLink()) {
            return "a hard link";
        }
        if (entry.isCharacterDevice() || entry.isBlockDevice()) {
            return "a device";
        }
        if (entry.isFIFO()) {
            return "a named pipe";
        }
        return "of tar type '" + (char) entry.getLinkFlag() + "'";
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        for (PosixFilePermission permission : PosixFilePermission.values()) {
            if ((mode & (0400 >> permission.ordinal())) != 0) {
                permissions.add(permission);
            }
        }
        return permissions;
    }

    private static String checked(String digest) {
        if (digest == null || !digest.matches(SourceArchive.DIGEST_PATTERN)) {
            throw new IllegalArgumentException("upload: digest " + digest + " (expected: the SHA-256 of the archive,"
                    + " 64 lowercase hex digits)");
        }
        return digest;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** An upload larger than the server takes. */
    public static final class ArchiveTooLarge extends RuntimeException {
        ArchiveTooLarge(String message) {
            super(message);
        }
    }
}

package dev.moor.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** The file system side of the server's Unix socket: its private directory, stale files, permissions. */
final class SocketFile {

    static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> OWNER_SOCKET = PosixFilePermissions.fromString("rw-------");

    /** sun_path holds 108 bytes including the terminating NUL. */
    static final int MAX_PATH_BYTES = 107;

    private SocketFile() {
    }

    /**
     * Makes {@code socket} ready to bind: creates its directory owner-only when missing, removes a stale
     * socket left by a Moor that died, refuses to take over a socket that a live Moor serves.
     */
    static void prepareForBind(Path socket) throws IOException {
        Path directory = socket.toAbsolutePath().getParent();
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_DIRECTORY));
            // The umask may have narrowed the mode at creation; set it exactly.
            Files.setPosixFilePermissions(directory, OWNER_DIRECTORY);
        }
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        BasicFileAttributes attributes =
                Files.readAttributes(socket, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isOther()) {
            throw new IllegalStateException(socket + " exists and is not a socket: move it away or choose "
                    + "another socket path");
        }
        if (answers(socket)) {
            throw new IllegalStateException("another Moor already serves " + socket);
        }
        Files.deleteIfExists(socket);
    }

    private static boolean answers(Path socket) throws IOException {
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (ConnectException refused) {
            return false;
        }
    }

    static void restrictToOwner(Path socket) throws IOException {
        Files.setPosixFilePermissions(socket, OWNER_SOCKET);
    }

    /** The uid owning the socket we just bound: the effective uid of this process. */
    static int ownerUid(Path socket) throws IOException {
        return (Integer) Files.getAttribute(socket, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    }

    static void delete(Path socket) {
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the local API socket " + socket, e);
        }
    }
}

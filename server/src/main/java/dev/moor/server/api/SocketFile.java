package dev.moor.server.api;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;

/** The file system side of the API's Unix socket: its owner-only directory, stale files, its mode. */
final class SocketFile {

    static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> OWNER_SOCKET = PosixFilePermissions.fromString("rw-------");

    /** sun_path holds 108 bytes, including the terminating NUL. */
    static final int MAX_PATH_BYTES = 107;

    private SocketFile() {
    }

    /**
     * Makes {@code socket} ready to bind: checks its path's length, creates its directory (mode 0700) when missing or
     * checks that an existing one is {@code owner}'s and 0700, removes a stale socket left by a server that died, and
     * refuses to take over a socket that a live server answers on.
     *
     * @throws IllegalStateException when another server answers on the socket, or the path or directory is unfit
     */
    static void prepare(Path socket, UserPrincipal owner) throws IOException {
        int length = socket.toString().getBytes(StandardCharsets.UTF_8).length;
        if (length > MAX_PATH_BYTES) {
            throw new IllegalStateException("the API socket path " + socket + " is " + length + " bytes long (expected: "
                    + "at most " + MAX_PATH_BYTES + ", the limit of a Unix socket path): choose a shorter path");
        }
        Path directory = socket.toAbsolutePath().getParent();
        if (Files.notExists(directory, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_DIRECTORY));
            // The umask may have narrowed the mode at creation; set it exactly.
            Files.setPosixFilePermissions(directory, OWNER_DIRECTORY);
        }
        checkDirectory(directory, owner);
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        BasicFileAttributes attributes =
                Files.readAttributes(socket, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isOther()) {
            throw new IllegalStateException(socket + " exists and is not a socket (expected: no file there, or the "
                    + "socket of a Moor server that stopped): move it away or choose another socket path");
        }
        if (answers(socket)) {
            throw new IllegalStateException("another Moor server is running (socket " + socket + " answers)");
        }
        Files.deleteIfExists(socket);
    }

    /**
     * The socket is reachable only through its directory, so the directory is what keeps other users out while the
     * socket's own mode is still the umask's, between bind and {@link #restrictToOwner(Path)}.
     */
    private static void checkDirectory(Path directory, UserPrincipal owner) throws IOException {
        PosixFileAttributes attributes =
                Files.readAttributes(directory, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isDirectory()) {
            throw new IllegalStateException("the API socket's directory " + directory + " is not a directory "
                    + "(expected: a directory only the server's user can enter)");
        }
        if (!attributes.owner().equals(owner)) {
            throw new IllegalStateException("the API socket's directory " + directory + " belongs to "
                    + attributes.owner().getName() + " (expected: " + owner.getName() + ", who runs this server): "
                    + "choose a socket path in a directory of your own");
        }
        if (!attributes.permissions().equals(OWNER_DIRECTORY)) {
            throw new IllegalStateException("the API socket's directory " + directory + " has mode "
                    + PosixFilePermissions.toString(attributes.permissions()) + " (expected: rwx------, so that only "
                    + owner.getName() + " can reach the socket): chmod 700 " + directory
                    + ", or choose a socket path in a directory of its own");
        }
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
}

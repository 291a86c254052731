package dev.moor.server.edge;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The channel's listening socket and its directory.
 *
 * <p>The directory is 0700 and the socket 0600, both the server's user's: no other user of the host can connect
 * or read the token. The edge reaches them anyway because its container runs as root with Docker's default
 * capabilities, whose CAP_DAC_OVERRIDE passes over file modes; with user namespaces (rootless Docker,
 * {@code userns-remap}) its root is not the host's, and the edge's container must run as the server's user
 * ({@code --user UID:GID}) instead. The token is still checked: a mode is one mistake away from open.
 */
final class ChannelSocket {
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    private ChannelSocket() {}

    /**
     * Binds the socket, creating its directory (0700) when missing, and replacing the socket file a server that
     * stopped left behind.
     *
     * @throws IOException when the directory is open to others, the path is taken by something that is not a
     *                     socket, or another server listens on it
     */
    static ServerSocketChannel bind(Path socket) throws IOException {
        Path directory = socket.toAbsolutePath().getParent();
        if (Files.notExists(directory)) {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
            Files.setPosixFilePermissions(directory, OWNER_ONLY_DIRECTORY);
        } else {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(directory);
            if (!OWNER_ONLY_DIRECTORY.containsAll(mode)) {
                throw new IOException("edge channel: directory " + directory + ": mode "
                        + PosixFilePermissions.toString(mode) + " (expected: rwx------, a directory of the server's "
                        + "user alone: the socket and the token file are in it)");
            }
        }
        if (Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            BasicFileAttributes attributes = Files.readAttributes(socket, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isOther()) {
                throw new IOException("edge channel: " + socket + ": exists and is not a socket (expected: a path "
                        + "the server may create its socket at)");
            }
            if (answers(socket)) {
                throw new IOException("edge channel: " + socket + ": another server listens on it (expected: one "
                        + "server per host)");
            }
            Files.delete(socket);
        }
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, OWNER_ONLY_FILE);
        } catch (IOException e) {
            server.close();
            throw new IOException("edge channel: cannot listen on " + socket + ": " + e.getMessage(), e);
        }
        return server;
    }

    private static boolean answers(Path socket) {
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return probe.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            return false;
        }
    }
}

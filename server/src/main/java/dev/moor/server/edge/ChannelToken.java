package dev.moor.server.edge;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * The secret an edge presents in its hello: random, new with every start of the server, in a file only the server's
 * user (and root, which the edge's container runs as) can read.
 */
final class ChannelToken {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] value;
    private final Path file;

    private ChannelToken(byte[] value, Path file) {
        this.value = value;
        this.file = file;
    }

    /** A new token, written to {@code file} whole (an edge reading it meanwhile reads the old one or the new one). */
    static ChannelToken create(Path file) throws IOException {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String text = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        // Created 0600 rather than chmod-ed after: it is never readable by others, not even for a moment.
        try (FileChannel out = FileChannel.open(temporary, Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            ByteBuffer bytes = ByteBuffer.wrap((text + "\n").getBytes(StandardCharsets.US_ASCII));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            out.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new ChannelToken(text.getBytes(StandardCharsets.US_ASCII), file);
    }

    /** In a time that does not depend on how much of it is right. */
    boolean matches(String presented) {
        return MessageDigest.isEqual(value, presented.strip().getBytes(StandardCharsets.US_ASCII));
    }

    Path file() {
        return file;
    }
}

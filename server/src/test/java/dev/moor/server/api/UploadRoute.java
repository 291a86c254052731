package dev.moor.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.config.RoutesConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;

/** A route that reads an upload as a stream and answers its size, SHA-256 and content type; and a file to send it. */
final class UploadRoute {
    static final String PATH = "/uploads/archive";

    private UploadRoute() {}

    static void install(RoutesConfig routes) {
        routes.put(PATH, ctx -> {
            MessageDigest sha = sha256();
            long bytes = 0;
            try (InputStream body = ctx.req().getInputStream()) {
                byte[] buffer = new byte[64 * 1024];
                for (int read = body.read(buffer); read >= 0; read = body.read(buffer)) {
                    sha.update(buffer, 0, read);
                    bytes += read;
                }
            }
            ctx.status(201).json(Map.of("bytes", bytes, "sha256", HexFormat.of().formatHex(sha.digest()),
                    "contentType", ctx.contentType()));
        });
    }

    /** A file of random bytes, larger than the 1 MB a JSON body may be. */
    static Path largeFile(Path directory) throws IOException {
        byte[] bytes = new byte[5 * 1024 * 1024 + 17];
        new Random(42).nextBytes(bytes);
        return Files.write(directory.resolve("upload.bin"), bytes);
    }

    static void assertReceived(ApiResponse response, Path file) throws IOException {
        assertThat(response.status()).isEqualTo(201);
        assertThat(response.json().path("bytes").asLong()).isEqualTo(Files.size(file));
        assertThat(response.json().path("sha256").asText())
                .isEqualTo(HexFormat.of().formatHex(sha256().digest(Files.readAllBytes(file))));
        assertThat(response.json().path("contentType").asText()).isEqualTo("application/octet-stream");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

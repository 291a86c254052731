package dev.moor.cli;

import dev.moor.server.ServerApi;
import dev.moor.server.api.ApiClient;
import dev.moor.server.api.ApiException;
import dev.moor.server.source.SourceArchive;
import dev.moor.spec.AppSpec;
import dev.moor.spec.FileAccess;
import dev.moor.spec.SpecException;
import dev.moor.spec.SpecLoader;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The {@code moor.yaml} that {@code moor up} and {@code moor plan} send to a server: read for that server (a remote
 * one receives the build contexts and secret files from inside the file's directory only).
 *
 * @param spec   the file, read and checked here
 * @param text   its text, as sent
 * @param remote whether the server is a remote one
 */
record DeployFile(AppSpec spec, String text, boolean remote) {

    /** Reads {@code path} (a file, or a directory holding {@code moor.yaml}) for a local or a remote server. */
    static DeployFile read(Path path, boolean remote) throws SpecException, IOException {
        AppSpec spec = SpecLoader.load(path, remote ? FileAccess.UPLOADED : FileAccess.LOCAL);
        return new DeployFile(spec, Files.readString(spec.source().toAbsolutePath(), StandardCharsets.UTF_8), remote);
    }

    /** The app's part of the API's paths: {@code /apps/NAME}. */
    String appPath() {
        return "/apps/" + AppSelector.encode(spec.name());
    }

    /**
     * The body of a deploy or a plan. A remote server is first sent the build contexts and secret files, unless it
     * has them already; {@code out} says which.
     */
    ServerApi.DeployBody body(ApiClient client, boolean pull, PrintStream out) throws IOException {
        String file = spec.source().toAbsolutePath().toString();
        return new ServerApi.DeployBody(file, text, pull, remote ? send(client, out) : null);
    }

    private String send(ApiClient client, PrintStream out) throws IOException {
        Path archiveFile = Files.createTempFile("moor-sources-", ".tar.gz");
        try {
            SourceArchive archive = SourceArchive.pack(spec, archiveFile);
            String path = "/sources/" + archive.digest();
            try {
                client.get(path);
                out.println("moor: the server has the " + archive.files() + " file(s) of the build contexts and"
                        + " secrets already");
            } catch (ApiException e) {
                if (e.status() != 404) {
                    throw e;
                }
                out.println("moor: sending " + archive.files() + " file(s) of the build contexts and secrets ("
                        + String.format(Locale.ROOT, "%.1f MB", archive.bytes() / 1e6) + " packed)");
                client.upload(path, archive.file());
            }
            return archive.digest();
        } finally {
            Files.deleteIfExists(archiveFile);
        }
    }
}

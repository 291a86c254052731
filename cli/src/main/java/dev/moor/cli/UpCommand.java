package dev.moor.cli;

import dev.moor.engine.store.MoorHome;
import dev.moor.server.MoorServer;
import dev.moor.server.ServerApi;
import dev.moor.server.api.ApiClient;
import dev.moor.server.api.ApiException;
import dev.moor.server.source.SourceArchive;
import dev.moor.spec.FileAccess;
import dev.moor.spec.AppSpec;
import dev.moor.spec.SpecLoader;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "up", description = {
        "Runs the app of a moor.yaml, or applies the changes of its file: the first start and every change alike.",
        "Starts a Moor server in the background when none runs. A change rolls out replica by replica: a new one",
        "takes traffic once healthy, an old one stops once the edge has drained it. Waits until the app runs as",
        "declared (exit 0) or the change failed (exit 1); Ctrl-C stops the waiting, never the change."})
final class UpCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR|FILE", description = "The moor.yaml or its directory (default: .).")
    Path path = Path.of(".");

    @Option(names = "--pull", description = "Pull the images named by tag even when the engine has them.")
    boolean pull;

    @Option(names = "--no-wait", description = "Return once the change has started.")
    boolean noWait;

    @Mixin
    ServerOptions server = new ServerOptions();

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        boolean remote = server.server().isPresent();
        AppSpec spec = SpecLoader.load(path, remote ? FileAccess.UPLOADED : FileAccess.LOCAL);
        Path file = spec.source().toAbsolutePath();
        String text = Files.readString(file, StandardCharsets.UTF_8);
        ApiClient client;
        if (remote) {
            client = ServerConnection.open(server);
        } else {
            MoorHome home = ServerConnection.home();
            Optional<ApiClient> running = ServerConnection.openLocal(home);
            if (running.isPresent()) {
                client = running.get();
            } else {
                ServerConnection.startInBackground(home, out, List.of());
                client = ApiClient.local(MoorServer.apiSocket(home));
            }
        }
        DeployProgressView view = new DeployProgressView(out, System.console() != null);
        try (client) {
            String sources = remote ? send(spec, client, out) : null;
            client.stream("POST", "/apps/" + AppSelector.encode(spec.name()) + "/deploy" + (noWait ? "?wait=false" : ""),
                    new ServerApi.DeployBody(file.toString(), text, pull, sources),
                    line -> view.show(Json.read(line, ServerApi.DeployLine.class)));
        }
        return (noWait ? view.started() : view.succeeded()) ? 0 : MoorCommand.FAILED;
    }

    /** Sends a remote server the build contexts and secret files of {@code spec}, unless it has them; their digest. */
    private static String send(AppSpec spec, ApiClient client, PrintStream out) throws IOException {
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

package dev.moor.cli;

import dev.moor.engine.store.MoorHome;
import dev.moor.server.MoorServer;
import dev.moor.server.ServerApi;
import dev.moor.server.api.ApiClient;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "up", aliases = "deploy", description = {
        "Runs the app of a moor.yaml, or applies the changes of its file: the first start and every change alike.",
        "Starts a Moor server in the background when none runs. A change rolls out replica by replica: a new one",
        "takes traffic once healthy, an old one stops once the edge has drained it. Waits until the app runs as",
        "declared (exit 0) or the change failed (exit 1); Ctrl-C stops the waiting, never the change.",
        "A service's deploy.strategy may be rolling, blue-green or canary (see moor promote, moor abort)."})
final class UpCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR|FILE", description = "The moor.yaml or its directory (default: .).")
    Path path = Path.of(".");

    @Option(names = "--pull", description = "Pull the images named by tag even when the engine has them.")
    boolean pull;

    @Option(names = "--no-wait", description = "Return once the change has started.")
    boolean noWait;

    @Option(names = "--watch", description = {"Change nothing: follow the app's deploy in progress (its steps, canary",
            "weights and analysis) until it ends."})
    boolean watch;

    @Mixin
    ServerOptions server = new ServerOptions();

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        boolean remote = server.server().isPresent();
        DeployFile file = DeployFile.read(path, remote);
        DeployProgressView view = new DeployProgressView(out, System.console() != null);
        if (watch) {
            try (ApiClient client = ServerConnection.open(server)) {
                client.stream(file.appPath() + "/deploy", line -> view.show(Json.read(line, ServerApi.DeployLine.class)));
            }
            return view.succeeded() ? 0 : MoorCommand.FAILED;
        }
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
        try (client) {
            client.stream("POST", file.appPath() + "/deploy" + (noWait ? "?wait=false" : ""),
                    file.body(client, pull, out), line -> view.show(Json.read(line, ServerApi.DeployLine.class)));
        }
        return (noWait ? view.started() : view.succeeded()) ? 0 : MoorCommand.FAILED;
    }
}

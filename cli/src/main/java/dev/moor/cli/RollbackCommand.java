package dev.moor.cli;

import dev.moor.server.ServerApi;
import dev.moor.server.api.ApiClient;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "rollback", description = {
        "Goes back to an earlier revision (by default the newest one before the current one whose deploy succeeded):",
        "a copy of it becomes the newest revision and is deployed as any change is, with the image ids it pinned,",
        "nothing built or pulled. With SERVICE, only that service goes back: its part of the earlier file and its",
        "image take the place of its part of the current one; the other services and the routes stay. Waits as",
        "moor up does."})
final class RollbackCommand implements Callable<Integer> {
    @Mixin
    AppOptions options = new AppOptions();

    @Mixin
    ServerOptions server = new ServerOptions();

    @Parameters(index = "0", arity = "0..1", paramLabel = "SERVICE", description = "Only this service goes back.")
    String service;

    @Option(names = "--to", paramLabel = "REVISION", description = "The revision to go back to (moor history lists them).")
    Long to;

    @Option(names = "--no-wait", description = "Return once the rollback has started.")
    boolean noWait;

    @Override
    public Integer call() throws Exception {
        if (to != null && to < 1) {
            throw new UserError("--to: " + to + " (expected: a revision number >= 1)");
        }
        DeployProgressView view = new DeployProgressView(System.out, System.console() != null);
        try (ApiClient client = ServerConnection.open(server)) {
            String app = AppSelector.appName(options, client);
            client.stream("POST", "/apps/" + AppSelector.encode(app) + "/rollback" + (noWait ? "?wait=false" : ""),
                    new ServerApi.RollbackBody(to, service), line -> view.show(Json.read(line, ServerApi.DeployLine.class)));
        }
        return (noWait ? view.started() : view.succeeded()) ? 0 : MoorCommand.FAILED;
    }
}

package dev.moor.cli;

import dev.moor.server.api.ApiClient;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

@Command(name = "down", description = {"Takes the app off the edge, stops and removes its containers and its network.",
        "Its volumes, revisions and events are kept."})
final class DownCommand implements Callable<Integer> {
    @Mixin
    AppOptions options = new AppOptions();

    @Mixin
    ServerOptions server = new ServerOptions();

    @Override
    public Integer call() throws Exception {
        try (ApiClient client = ServerConnection.open(server)) {
            String app = AppSelector.appName(options, client);
            JsonNode answer = client.delete("/apps/" + AppSelector.encode(app)).json();
            System.out.printf("removed %d container(s) of %s and its network%n", answer.get("removed").size(), app);
        }
        return 0;
    }
}

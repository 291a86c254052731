package dev.moor.cli;

import dev.moor.server.api.ApiClient;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "abort", description = {"Stops the app's deploy in progress: the app goes back to the revision it ran",
        "before, whose replicas never stopped serving, and the new ones are removed."})
final class AbortCommand implements Callable<Integer> {
    @Mixin
    AppOptions options = new AppOptions();

    @Mixin
    ServerOptions server = new ServerOptions();

    @Override
    public Integer call() throws Exception {
        try (ApiClient client = ServerConnection.open(server)) {
            String app = AppSelector.appName(options, client);
            JsonNode answer = client.post("/apps/" + AppSelector.encode(app) + "/abort", Map.of()).json();
            System.out.println("moor: aborted the deploy of revision " + answer.get("aborted").asLong() + "; " + app
                    + " keeps revision " + answer.get("revision").asLong());
        }
        return 0;
    }
}

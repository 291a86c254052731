package dev.moor.cli;

import dev.moor.server.api.ApiClient;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "promote", description = {"Takes the canaries of the app's deploy in progress to their next step now,",
        "past their bake, their analysis or a pause; with --full, they take all of their traffic at once."})
final class PromoteCommand implements Callable<Integer> {
    @Option(names = "--full", description = "Skip every step left: the new version takes all of the traffic.")
    boolean full;

    @Mixin
    AppOptions options = new AppOptions();

    @Mixin
    ServerOptions server = new ServerOptions();

    @Override
    public Integer call() throws Exception {
        try (ApiClient client = ServerConnection.open(server)) {
            String app = AppSelector.appName(options, client);
            JsonNode answer = client.post("/apps/" + AppSelector.encode(app) + "/promote", Map.of("full", full)).json();
            List<String> canaries = new ArrayList<>();
            for (JsonNode canary : answer.get("canaries")) {
                canaries.add(canary.get("service").asText() + " at " + canary.get("weight").asInt() + "%"
                        + (canary.get("step").asInt() >= canary.get("steps").asInt() ? " (every step done)"
                        : " (step " + (canary.get("step").asInt() + 1) + " of " + canary.get("steps").asInt() + ")"));
            }
            System.out.println("moor: promoted " + app + ": " + String.join(", ", canaries));
        }
        return 0;
    }
}

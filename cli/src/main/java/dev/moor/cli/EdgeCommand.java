package dev.moor.cli;

import dev.moor.server.api.ApiClient;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

@Command(name = "edge", description = "The host's edge, the gateway in front of every app.",
        subcommands = EdgeCommand.Restart.class)
final class EdgeCommand {
    @Command(name = "restart", description = {"Replaces the edge's container with one of this Moor's version.",
            "The new edge takes over the listening sockets of the old one: no request fails, none is refused."})
    static final class Restart implements Callable<Integer> {
        @Mixin
        ServerOptions server = new ServerOptions();

        @Override
        public Integer call() throws Exception {
            AtomicReference<JsonNode> outcome = new AtomicReference<>();
            try (ApiClient client = ServerConnection.open(server)) {
                client.stream("POST", "/edge/restart", Map.of(), line -> {
                    JsonNode node = Json.read(line, JsonNode.class);
                    if (node.has("step")) {
                        System.out.println("moor: " + node.get("step").asText());
                    } else {
                        outcome.set(node);
                    }
                });
            }
            JsonNode answer = outcome.get();
            if (answer == null || answer.has("error")) {
                System.err.println("moor: the edge was not replaced: " + (answer == null
                        ? "the server ended the answer before saying how it went" : answer.get("error").asText()));
                return 1;
            }
            System.out.printf("moor: the edge is %s (%s)%n", answer.get("edge").asText(), answer.get("image").asText());
            return 0;
        }
    }
}

package dev.moor.cli;

import dev.moor.server.api.ApiClient;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

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
            try (ApiClient client = ServerConnection.open(server)) {
                JsonNode answer = client.post("/edge/restart", java.util.Map.of()).json();
                System.out.printf("moor: the edge is %s (%s)%n", answer.get("edge").asText(), answer.get("image").asText());
            }
            return 0;
        }
    }
}

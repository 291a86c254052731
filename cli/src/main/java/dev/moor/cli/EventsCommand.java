package dev.moor.cli;

import dev.moor.engine.store.StoredEvent;
import dev.moor.server.api.ApiClient;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "events", description = "Prints what happened to the app: deploys, starts, failures, replacements, scaling.")
final class EventsCommand implements Callable<Integer> {
    @Mixin
    AppOptions options = new AppOptions();

    @Mixin
    ServerOptions server = new ServerOptions();

    @Option(names = {"-f", "--follow"}, description = "Keep printing new events.")
    boolean follow;

    @Option(names = {"-n", "--last"}, paramLabel = "COUNT", description = "How many past events to print first (default: 50).")
    int last = 50;

    @Option(names = "--json", description = "Print one JSON object per line.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (last < 0) {
            throw new UserError("--last: " + last + " (expected: >= 0)");
        }
        try (ApiClient client = ServerConnection.open(server)) {
            String app = AppSelector.appName(options, client);
            client.stream("/apps/" + AppSelector.encode(app) + "/events?follow=" + follow + "&last=" + last,
                    line -> System.out.println(json ? line : DeployProgressView.format(Json.read(line, StoredEvent.class))));
        }
        return 0;
    }
}

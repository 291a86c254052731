package dev.moor.cli;

import dev.moor.api.ApiJson;
import dev.moor.api.LocalApiClient;
import dev.moor.engine.store.MoorHome;
import dev.moor.engine.store.StoredEvent;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "events", description = "Prints what happened to the app: starts, failures, replacements, scaling.")
final class EventsCommand implements Callable<Integer> {
    @Mixin
    AppOptions options = new AppOptions();

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
        LocalApiClient client = AppLocator.client(options, MoorHome.fromEnvironment(System.getenv()));
        client.stream(MoorApi.EVENTS + "?follow=" + follow + "&last=" + last, line -> {
            if (json) {
                System.out.println(line);
            } else {
                System.out.println(UpCommand.format(read(line)));
            }
        });
        return 0;
    }

    private static StoredEvent read(String line) {
        try {
            return ApiJson.mapper().readValue(line, StoredEvent.class);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("unreadable event from Moor: " + line, e);
        }
    }
}

package dev.moor.cli;

import dev.moor.api.ApiJson;
import dev.moor.api.LocalApiClient;
import dev.moor.engine.store.MoorHome;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

@Command(name = "logs", description = "Prints the logs of a service's replicas, merged, each line prefixed with its replica.")
final class LogsCommand implements Callable<Integer> {
    @Mixin
    AppOptions options = new AppOptions();

    @Parameters(index = "0", paramLabel = "SERVICE")
    String service;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new lines.")
    boolean follow;

    @Option(names = "--json", description = "Print one JSON object per line: service, replica, container, stream, text.")
    boolean json;

    @Option(names = {"-n", "--tail"}, paramLabel = "LINES", description = "Lines from the end of each replica's log (default: 100).")
    int tail = 100;

    @Override
    public Integer call() throws Exception {
        if (tail < 0) {
            throw new UserError("--tail: " + tail + " (expected: >= 0)");
        }
        LocalApiClient client = AppLocator.client(options, MoorHome.fromEnvironment(System.getenv()));
        client.stream(MoorApi.LOGS + "?service=" + URLEncoder.encode(service, StandardCharsets.UTF_8)
                + "&follow=" + follow + "&tail=" + tail, line -> System.out.println(json ? line : render(line)));
        return 0;
    }

    private static String render(String line) {
        try {
            return ApiJson.mapper().readValue(line, MoorApi.ReplicaLogLine.class).render();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("unreadable log line from Moor: " + line, e);
        }
    }
}

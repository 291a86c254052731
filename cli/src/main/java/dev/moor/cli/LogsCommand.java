package dev.moor.cli;

import dev.moor.server.ServerApi;
import dev.moor.server.api.ApiClient;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "logs", description = {"Prints the logs of a service's replicas, merged, each line prefixed with its replica.",
        "With --edge: the edge's log (its access log, when the server's configuration sends it to stdout)."})
final class LogsCommand implements Callable<Integer> {
    @Mixin
    AppOptions options = new AppOptions();

    @Mixin
    ServerOptions server = new ServerOptions();

    @Parameters(index = "0", arity = "0..1", paramLabel = "SERVICE")
    String service;

    @Option(names = "--edge", description = "The edge's log instead of a service's.")
    boolean edge;

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
        if (edge == (service != null)) {
            throw new UserError(edge ? "--edge takes no SERVICE (expected: moor logs --edge)"
                    : "a SERVICE is missing (expected: moor logs SERVICE, or moor logs --edge)");
        }
        try (ApiClient client = ServerConnection.open(server)) {
            String query = "follow=" + follow + "&tail=" + tail;
            String path = edge ? "/edge/logs?" + query : "/apps/" + AppSelector.encode(AppSelector.appName(options, client))
                    + "/logs?service=" + AppSelector.encode(service) + "&" + query;
            client.stream(path, line -> System.out.println(json ? line : render(line)));
        }
        return 0;
    }

    private static String render(String line) {
        ServerApi.ReplicaLogLine log = Json.read(line, ServerApi.ReplicaLogLine.class);
        return log.service().equals("edge") && log.replica() == 0 ? log.text()
                : log.service() + "-" + log.replica() + " | " + log.text();
    }
}

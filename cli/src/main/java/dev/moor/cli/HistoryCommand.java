package dev.moor.cli;

import dev.moor.server.HistoryEntry;
import dev.moor.server.api.ApiClient;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "history", description = {"Lists the app's revisions, newest first: when, who, what changed and how its",
        "deploy went. The current revision (the one the app last ran completely) is marked with *."})
final class HistoryCommand implements Callable<Integer> {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    @Mixin
    AppOptions options = new AppOptions();

    @Mixin
    ServerOptions server = new ServerOptions();

    @Parameters(index = "0", arity = "0..1", paramLabel = "SERVICE", description = "Only the revisions that changed this service.")
    String service;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try (ApiClient client = ServerConnection.open(server)) {
            String app = AppSelector.appName(options, client);
            List<HistoryEntry> entries = List.of(Json.read(client.get("/apps/" + AppSelector.encode(app) + "/revisions")
                    .body(), HistoryEntry[].class));
            if (service != null) {
                entries = entries.stream().filter(entry -> !changesOf(entry).isEmpty()).toList();
            }
            if (json) {
                System.out.println(Json.pretty(entries));
                return 0;
            }
            Table table = new Table("REVISION", "CREATED", "BY", "DEPLOY", "CHANGES");
            for (HistoryEntry entry : entries) {
                List<String> changes = changesOf(entry);
                table.row(entry.revision() + (entry.current() ? " *" : ""), WHEN.format(entry.createdAt()),
                        entry.author(), entry.deploy(), changes.isEmpty() ? "" : changes.getFirst());
                for (String change : changes.subList(Math.min(1, changes.size()), changes.size())) {
                    table.row("", "", "", "", change);
                }
            }
            table.print(System.out);
        }
        return 0;
    }

    private List<String> changesOf(HistoryEntry entry) {
        return service == null ? entry.changes()
                : entry.changes().stream().filter(line -> line.startsWith(service + ": ")).toList();
    }
}

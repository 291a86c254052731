package dev.moor.cli;

import dev.moor.engine.controller.AppStatus;
import dev.moor.server.api.ApiClient;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "ps", description = "Lists every container of the app with its state and health.")
final class PsCommand implements Callable<Integer> {
    @Mixin
    AppOptions options = new AppOptions();

    @Mixin
    ServerOptions server = new ServerOptions();

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try (ApiClient client = ServerConnection.open(server)) {
            String app = AppSelector.appName(options, client);
            AppStatus status = Json.read(client.get("/apps/" + AppSelector.encode(app)).body(), AppStatus.class);
            if (json) {
                System.out.println(Json.pretty(status.replicas()));
                return 0;
            }
            Table table = new Table("NAME", "CONTAINER", "SERVICE", "REPLICA", "STATE", "HEALTH", "ENDPOINT", "REVISION", "STARTED");
            for (AppStatus.ReplicaStatus replica : status.replicas()) {
                table.row(replica.name(), replica.containerId(), replica.service(), replica.slot(), replica.state(),
                        replica.health().name().toLowerCase(Locale.ROOT), replica.endpoint(),
                        replica.revision() + (replica.current() ? "" : " (outdated)"),
                        replica.startedAt() == null ? "" : replica.startedAt().toString());
            }
            table.print(System.out);
        }
        return 0;
    }
}

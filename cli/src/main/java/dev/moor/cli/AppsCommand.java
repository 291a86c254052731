package dev.moor.cli;

import dev.moor.server.AppSummary;
import dev.moor.server.api.ApiClient;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "apps", description = "Lists the apps of the Moor server with their revision and health.")
final class AppsCommand implements Callable<Integer> {
    @Mixin
    ServerOptions server = new ServerOptions();

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try (ApiClient client = ServerConnection.open(server)) {
            AppSummary[] apps = Json.read(client.get("/apps").body(), AppSummary[].class);
            if (json) {
                System.out.println(Json.pretty(apps));
                return 0;
            }
            Table table = new Table("APP", "REVISION", "HEALTHY", "PORT", "DEPLOY");
            for (AppSummary app : apps) {
                table.row(app.app(), app.revision(), app.healthy() + "/" + app.desired(), app.port() == 0 ? "" : app.port(),
                        app.deploying() ? "in progress (from " + app.current() + ")" : "");
            }
            table.print(System.out);
        }
        return 0;
    }
}

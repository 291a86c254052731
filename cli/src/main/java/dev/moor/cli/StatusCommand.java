package dev.moor.cli;

import dev.moor.engine.controller.AppStatus;
import dev.moor.server.api.ApiClient;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "status", description = "Shows each service: desired, running and healthy replicas, endpoints, image.")
final class StatusCommand implements Callable<Integer> {
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
                System.out.println(Json.pretty(status));
                return 0;
            }
            System.out.printf("app %s, revision %d%n", status.app(), status.revision());
            Table table = new Table("SERVICE", "DESIRED", "RUNNING", "HEALTHY", "ENDPOINTS", "IMAGE");
            for (AppStatus.ServiceStatus service : status.services()) {
                table.row(service.name(), service.desired(), service.running(), service.healthy(),
                        String.join(",", service.endpoints()), service.image());
            }
            table.print(System.out);
            status.canaries().forEach((service, weight) -> System.out.printf(
                    "canary: %s sends %d%% of its requests to revision %d (moor deploy --watch follows it)%n",
                    service, weight, status.revision()));
        }
        return 0;
    }
}

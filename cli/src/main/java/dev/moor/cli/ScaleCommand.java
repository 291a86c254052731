package dev.moor.cli;

import dev.moor.server.api.ApiClient;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "scale", description = {"Sets the replica count of services: moor scale web=5 worker=2.",
        "It makes a new revision; the next 'moor up' goes back to the counts of the file."})
final class ScaleCommand implements Callable<Integer> {
    @Mixin
    AppOptions options = new AppOptions();

    @Mixin
    ServerOptions server = new ServerOptions();

    @Parameters(arity = "1..*", paramLabel = "SERVICE=REPLICAS")
    List<String> assignments;

    @Override
    public Integer call() throws Exception {
        Map<String, Integer> scale = new LinkedHashMap<>();
        for (String assignment : assignments) {
            int equals = assignment.indexOf('=');
            if (equals <= 0) {
                throw new UserError(assignment + " (expected: SERVICE=REPLICAS, e.g. web=3)");
            }
            String replicas = assignment.substring(equals + 1);
            try {
                int count = Integer.parseInt(replicas);
                if (count < 0) {
                    throw new NumberFormatException();
                }
                scale.put(assignment.substring(0, equals), count);
            } catch (NumberFormatException e) {
                throw new UserError(assignment + ": " + replicas + " (expected: an integer >= 0)");
            }
        }
        try (ApiClient client = ServerConnection.open(server)) {
            String app = AppSelector.appName(options, client);
            long revision = client.post("/apps/" + AppSelector.encode(app) + "/scale", scale).json().get("revision").asLong();
            scale.forEach((service, replicas) -> System.out.printf("%s scaled to %d (revision %d)%n", service, replicas, revision));
        }
        return 0;
    }
}

package dev.moor.cli;

import dev.moor.engine.revision.RevisionChanges;
import dev.moor.server.DeployPlan;
import dev.moor.server.api.ApiClient;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "plan", description = {
        "Shows what moor up of the file would change, before anything happens: per service the fields that differ",
        "(a secret's value is never shown, only where it comes from) and the replicas that would be replaced,",
        "started or stopped; the routes added, removed or changed. Nothing is built, pulled or started."})
final class PlanCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR|FILE", description = "The moor.yaml or its directory (default: .).")
    Path path = Path.of(".");

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Mixin
    ServerOptions server = new ServerOptions();

    @Override
    public Integer call() throws Exception {
        boolean remote = server.server().isPresent();
        DeployFile file = DeployFile.read(path, remote);
        // With --json, standard output carries the plan alone.
        PrintStream notes = json ? System.err : System.out;
        DeployPlan plan;
        try (ApiClient client = ServerConnection.open(server)) {
            plan = Json.read(client.post(file.appPath() + "/plan", file.body(client, false, notes)).body(),
                    DeployPlan.class);
        }
        if (json) {
            System.out.println(Json.pretty(plan));
        } else {
            print(plan, System.out);
        }
        return 0;
    }

    static void print(DeployPlan plan, PrintStream out) {
        if (plan.isEmpty()) {
            out.println(plan.app() + ": nothing would change (revision " + plan.revision() + " runs this file)");
            return;
        }
        out.println(plan.app() + ": " + (plan.revision() == 0 ? "a new app" : "changes against revision " + plan.revision()));
        for (RevisionChanges.ServiceChange service : plan.changes().services()) {
            out.println("  " + service.service() + ": " + service.kind().name().toLowerCase(Locale.ROOT));
            if (service.kind() == RevisionChanges.Kind.CHANGED) {
                service.fields().forEach(field -> out.println("    " + field.describe()));
            }
        }
        for (Map.Entry<String, DeployPlan.ReplicaMoves> moves : plan.replicas().entrySet()) {
            DeployPlan.ReplicaMoves move = moves.getValue();
            if (move.isEmpty()) {
                continue;
            }
            StringBuilder line = new StringBuilder("  " + moves.getKey() + " replicas:");
            if (!move.replaced().isEmpty()) {
                line.append(" replaced ").append(String.join(", ", move.replaced())).append(';');
            }
            if (move.started() > 0) {
                line.append(" ").append(move.started()).append(" started;");
            }
            if (!move.stopped().isEmpty()) {
                line.append(" stopped ").append(String.join(", ", move.stopped())).append(';');
            }
            out.println(line.substring(0, line.length() - 1));
        }
        plan.changes().routes().forEach(route -> out.println("  " + route.describe()));
    }
}

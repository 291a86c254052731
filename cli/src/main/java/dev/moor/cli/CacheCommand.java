package dev.moor.cli;

import dev.moor.server.CachePurged;
import dev.moor.server.ServerApi;
import dev.moor.server.api.ApiClient;
import dev.moor.server.edge.EdgePurge;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "cache", description = "The edge's shared cache of the routes that have cache: on.",
        subcommands = CacheCommand.Purge.class)
final class CacheCommand {
    @Command(name = "purge", description = {"Removes stored responses from the cache of every edge of the server.",
            "Without an app, every app's; with --app, only what the app's routes stored. TARGET narrows it down:",
            "  routes[1] (with --app) or shop/routes[1]   what that route stored, over HTTP and HTTPS",
            "  /blog/                                     every host's URLs under the path",
            "  www.example.com or www.example.com/blog/   the host's, over HTTP and HTTPS",
            "  https://www.example.com/blog/              the scheme's, host's and path's",
            "A prefix matches as written, query included: /blog takes /blog/a and /blogroll."})
    static final class Purge implements Callable<Integer> {
        @Option(names = "--app", paramLabel = "NAME", description = "Only what this app's routes stored.")
        String app;

        @Parameters(index = "0", arity = "0..1", paramLabel = "ROUTE|URL-PREFIX",
                description = "A route, a path, host or URL prefix (default: everything).")
        String target;

        @Mixin
        ServerOptions server = new ServerOptions();

        @Override
        public Integer call() throws Exception {
            CachePurged purged;
            try (ApiClient client = ServerConnection.open(server)) {
                purged = Json.read(client.post("/cache/purge", new ServerApi.PurgeBody(app, target)).body(),
                        CachePurged.class);
            }
            int failed = 0;
            for (EdgePurge edge : purged.edges()) {
                if (edge.problem().isPresent()) {
                    failed++;
                    System.err.printf("moor: edge %s: %s%n", edge.edgeId(), edge.problem().get());
                } else {
                    System.out.printf("edge %s: removed %d stored URL(s)%n", edge.edgeId(), edge.removed());
                }
            }
            return failed == 0 ? 0 : MoorCommand.FAILED;
        }
    }
}

package dev.moor.cli;

import dev.moor.engine.store.MoorHome;
import dev.moor.server.MoorServer;
import dev.moor.server.ServerApi.DeployBody;
import dev.moor.server.ServerApi.DeployLine;
import dev.moor.server.api.ApiServer;
import dev.moor.server.api.NdjsonStream;
import dev.moor.spec.SpecLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The training run of the ahead-of-time cache that the build makes for Moor's JVMs (JDK 25's
 * {@code -XX:AOTCacheOutput}; the launcher then starts the CLI with {@code -XX:AOTCache}, and the CLI the server it
 * starts). It runs {@code moor validate} and {@code moor up} through the command line against an API server on
 * {@code $MOOR_HOME}'s socket that answers a deploy as the Moor server does, with the server's own records: the
 * commands' classes, the YAML and JSON mappers, the API client and the API server's Jetty then come loaded and linked
 * from the cache. Nothing here needs Docker, which the build may not have.
 */
final class CliTraining {
    private CliTraining() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1 || System.getenv("MOOR_HOME") == null) {
            // Without MOOR_HOME it would take the socket of the user's own server.
            System.err.println("usage: MOOR_HOME=EMPTY_DIR java " + CliTraining.class.getName() + " DIR (an empty "
                    + "directory for the app)");
            System.exit(2);
        }
        System.exit(run(Path.of(args[0])));
    }

    /** @return 0 when both commands succeeded */
    static int run(Path directory) throws IOException {
        Path file = Files.createDirectories(directory).resolve("moor.yaml");
        Files.writeString(file, """
                app: training
                services:
                  web:
                    external: ["127.0.0.1:9"]
                routes:
                  - path: /
                    service: web
                edge:
                  listen: 8080
                """);
        MoorHome home = ServerConnection.home();
        home.ensureExists();
        try (ApiServer api = ApiServer.builder().unixSocket(MoorServer.apiSocket(home))
                .routes(routes -> routes
                        .get("/server", ctx -> ctx.json(Map.of("training", true)))
                        .post("/apps/{app}/deploy", ctx -> {
                            DeployBody body = ctx.bodyAsClass(DeployBody.class);
                            String app = SpecLoader.parse(body.text(), Path.of(body.file())).name();
                            NdjsonStream stream = NdjsonStream.open(ctx);
                            stream.send(new DeployLine("started", "deploying revision 1", 1L, null, null, null));
                            stream.send(new DeployLine("progress", app + ": revision 1", null, null, null, null));
                            stream.send(new DeployLine("done", "every replica of revision 1 is healthy", null, null,
                                    null, true));
                        }))
                .start()) {
            int validate = Main.run("validate", file.toString());
            int up = Main.run("up", file.toString());
            return validate == 0 && up == 0 ? 0 : 1;
        }
    }
}

package dev.moor.cli;

import dev.moor.docker.DockerRuntime;
import dev.moor.engine.runtime.ContainerRuntime;
import dev.moor.engine.store.MoorHome;
import dev.moor.server.MoorServer;
import dev.moor.server.ServerApi;
import dev.moor.server.api.ApiServer;
import dev.moor.spec.ServerSpec;
import dev.moor.spec.ServerSpecLoader;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The training run of the ahead-of-time cache that the build makes for Moor's JVMs (JDK 25's
 * {@code -XX:AOTCacheOutput}; the launcher then starts the CLI with {@code -XX:AOTCache}, and the CLI the server it
 * starts). It runs {@code moor validate}, {@code moor up} and {@code moor status} through the command line against a
 * real Moor server (without an edge) on {@code $MOOR_HOME}'s socket, whose Docker engine is a
 * {@link TrainingDockerEngine}: the commands' classes, the YAML and JSON mappers, the API client and server, the
 * server's store, Docker client and deploy path then come loaded and linked from the cache. Nothing here needs
 * Docker, which the build may not have.
 */
final class CliTraining {
    private CliTraining() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1 || System.getenv("MOOR_HOME") == null) {
            // Without MOOR_HOME it would take the socket of the user's own server.
            System.err.println("usage: MOOR_HOME=EMPTY_DIR java " + CliTraining.class.getName() + " DIR (an empty "
                    + "directory for the app)");
            System.exit(2);
        }
        System.exit(run(Path.of(args[0])));
    }

    /** @return 0 when every command succeeded */
    static int run(Path directory) throws Exception {
        Path file = Files.createDirectories(directory).resolve("moor.yaml");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Files.writeString(file, """
                app: training
                services:
                  web:
                    external: ["127.0.0.1:9"]
                routes:
                  - path: /
                    service: web
                edge:
                  listen: %d
                """.formatted(port));
        MoorHome home = ServerConnection.home();
        home.ensureExists();
        ServerSpec spec = ServerSpecLoader.load(home.directory().resolve("server.yaml"));
        try (TrainingDockerEngine engine = TrainingDockerEngine.listen(home.runDirectory().resolve("docker.sock"));
             ContainerRuntime runtime = DockerRuntime.connect(engine.host())) {
            MoorServer server = MoorServer.builder().home(home).spec(spec).runtime(runtime)
                    .version(MoorVersion.version()).edge(false, List.of())
                    .say(line -> System.out.println("moor server: " + line)).build();
            server.start();
            try (ApiServer api = ApiServer.builder().unixSocket(MoorServer.apiSocket(home))
                    .routes(new ServerApi(server, () -> {})::routes).start()) {
                int validate = Main.run("validate", file.toString());
                int up = Main.run("up", file.toString());
                int status = Main.run("status", "--app", "training");
                return validate == 0 && up == 0 && status == 0 ? 0 : 1;
            } finally {
                server.close();
            }
        }
    }
}

package dev.moor.cli;

import dev.moor.server.api.ApiServer;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The few answers of Docker's Engine API that a Moor server needs to start and to deploy an app whose services are
 * all {@code external:}, on a Unix socket: what {@link CliTraining} runs a real server against, so that the
 * server's Docker client (docker-java, Apache HttpClient, Jackson), its store and its deploy path come loaded and
 * linked from the ahead-of-time cache too. It starts no container; the build may have no Docker engine.
 */
final class TrainingDockerEngine implements AutoCloseable {
    private static final String API_VERSION = "1.41";

    private final ApiServer server;
    private static final String NETWORK_ID = "0".repeat(64);

    private final CountDownLatch closing = new CountDownLatch(1);
    private final Set<String> networks = ConcurrentHashMap.newKeySet();

    private TrainingDockerEngine(Path socket) {
        this.server = ApiServer.builder().unixSocket(socket).routes(routes -> {
            routes.get("/_ping", ctx -> ctx.result("OK"));
            for (String prefix : List.of("", "/v{api}")) {
                routes.get(prefix + "/version", ctx -> ctx.json(Map.of("Version", "27.0.0", "ApiVersion", API_VERSION,
                        "MinAPIVersion", "1.12", "Os", "linux", "Arch", "amd64")));
                routes.get(prefix + "/info", ctx -> ctx.json(Map.of("ServerVersion", "27.0.0", "Name", "training",
                        "LiveRestoreEnabled", false, "LoggingDriver", "json-file", "OperatingSystem", "training")));
                routes.get(prefix + "/containers/json", ctx -> ctx.json(List.of()));
                routes.get(prefix + "/networks", ctx -> ctx.json(List.of()));
                routes.post(prefix + "/networks/create", ctx -> {
                    networks.add(ctx.bodyAsClass(Map.class).get("Name").toString());
                    ctx.status(201).json(Map.of("Id", NETWORK_ID, "Warning", ""));
                });
                routes.get(prefix + "/networks/{name}", ctx -> {
                    if (!networks.contains(ctx.pathParam("name"))) {
                        ctx.status(404).json(Map.of("message", "network " + ctx.pathParam("name") + " not found"));
                        return;
                    }
                    ctx.json(Map.of("Id", NETWORK_ID, "Name", ctx.pathParam("name"), "Driver", "bridge"));
                });
                // Docker streams events until the client leaves: this stream ends with the training.
                routes.get(prefix + "/events", ctx -> {
                    ctx.status(200).contentType("application/json");
                    ctx.res().flushBuffer();
                    closing.await(1, TimeUnit.MINUTES);
                });
            }
        }).start();
    }

    /** Answers on {@code socket} until closed. */
    static TrainingDockerEngine listen(Path socket) {
        return new TrainingDockerEngine(socket);
    }

    /** Where a Docker client reaches it. */
    String host() {
        return "unix://" + server.socket().toAbsolutePath();
    }

    @Override
    public void close() {
        closing.countDown();
        server.close();
    }
}

package dev.moor.cli;

import dev.moor.engine.store.MoorHome;
import dev.moor.server.MoorServer;
import dev.moor.server.ServerStatus;
import dev.moor.server.api.ApiClient;
import dev.moor.server.api.ApiException;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finds the Moor server a command talks to, and starts the local one in the background when asked. */
final class ServerConnection {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private ServerConnection() {}

    static MoorHome home() {
        return MoorHome.fromEnvironment(System.getenv());
    }

    /**
     * A client of the server the options name: the remote one, or the local one, which must be running.
     *
     * @throws UserError when no local server answers, saying how to start one
     */
    static ApiClient open(ServerOptions options) {
        MoorHome home = home();
        Optional<URI> remote = options.server();
        if (remote.isPresent()) {
            Path bundle = options.bundle(home.directory());
            if (!Files.isDirectory(bundle)) {
                throw new UserError("--server " + remote.get() + " needs a client bundle, and " + bundle + " is none"
                        + " (expected: the directory moor server issue-client NAME wrote, given with --client-bundle"
                        + " or MOOR_CLIENT_BUNDLE)");
            }
            return ApiClient.remote(remote.get(), bundle);
        }
        return openLocal(home).orElseThrow(() -> new UserError("no Moor server runs for MOOR_HOME "
                + home.directory() + " (start one with: moor server start, or moor up DIR)"));
    }

    /** A client of the local server, if one answers; unlike {@link #localStatus} it reads no status. */
    static Optional<ApiClient> openLocal(MoorHome home) {
        ApiClient local = ApiClient.local(MoorServer.apiSocket(home));
        if (!answers(local)) {
            local.close();
            return Optional.empty();
        }
        return Optional.of(local);
    }

    /** The local server's status, if one answers. */
    static Optional<ServerStatus> localStatus(MoorHome home) {
        try (ApiClient client = ApiClient.local(MoorServer.apiSocket(home))) {
            return Optional.of(Json.read(client.get("/server").body(), ServerStatus.class));
        } catch (ApiException e) {
            return Optional.empty();
        }
    }

    private static boolean answers(ApiClient client) {
        try {
            client.get("/server");
            return true;
        } catch (ApiException e) {
            return false;
        }
    }

    /**
     * Starts {@code moor server run} as a process of its own, detached from this terminal, with its output in
     * {@code $MOOR_HOME/server.log}, and waits until it answers.
     *
     * @return its status
     */
    static ServerStatus startInBackground(MoorHome home, PrintStream out, List<String> arguments)
            throws IOException, InterruptedException {
        home.ensureExists();
        Path log = home.directory().resolve("server.log");
        List<String> command = new ArrayList<>();
        Optional<String> setsid = onPath("setsid");
        setsid.ifPresent(command::add);
        command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ServerProcess.class.getName());
        command.addAll(arguments);
        Process process = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ServerStatus> status = localStatus(home);
            if (status.isPresent()) {
                out.printf("moor: started a Moor server in the background (pid %d; its log: %s)%n", status.get().pid(), log);
                return status.get();
            }
            if (!process.isAlive()) {
                throw new UserError("the Moor server exited at start (code " + process.exitValue() + "); its log, "
                        + log + ", ends with:\n" + tail(log, 15));
            }
            Thread.sleep(50);
        }
        throw new UserError("the Moor server did not answer within " + START_TIMEOUT.toSeconds() + " s; its log: " + log);
    }

    private static Optional<String> onPath(String program) {
        for (String directory : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path candidate = Path.of(directory, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate.toString());
            }
        }
        return Optional.empty();
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}

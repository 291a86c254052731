package dev.moor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the packaged {@code moor.jar} as a user would: separate JVMs with their own state directory
 * ({@code MOOR_HOME}), so their own server and edge, against the real Docker engine.
 */
final class MoorProcess {
    private static final Path JAR = Path.of("target/moor.jar").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path home;
    private final Path workDir;
    private String installation;

    MoorProcess(Path home, Path workDir) {
        this.home = home;
        this.workDir = workDir;
    }

    record Result(int exitCode, String out, String err) {
        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + out + "\nstderr: " + err, e);
            }
        }
    }

    Path home() {
        return home;
    }

    Result run(String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile(home, "out", ".txt");
        Path err = Files.createTempFile(home, "err", ".txt");
        Process process = builder(args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(4, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("moor " + String.join(" ", args) + " did not finish within 4 minutes; out: "
                    + Files.readString(out) + "\nerr: " + Files.readString(err) + "\nserver log: " + serverLog());
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** {@code moor up DIR}, which must succeed. */
    Result up(Path dir) throws IOException, InterruptedException {
        Result up = run("up", dir.toString());
        if (up.exitCode() != 0) {
            throw new AssertionError("moor up " + dir + " failed (" + up.exitCode() + "): " + up.out() + up.err()
                    + "\nserver log: " + serverLog());
        }
        return up;
    }

    /** Starts {@code moor ARGS} without waiting for it. */
    Process start(Path output, String... args) throws IOException {
        return builder(args).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    }

    JsonNode serverStatus() throws IOException, InterruptedException {
        Result status = run("server", "status", "--json");
        if (status.exitCode() != 0) {
            throw new AssertionError("moor server status failed: " + status.err() + "\nserver log: " + serverLog());
        }
        return status.json();
    }

    /** Kills the server as {@code kill -9} would. */
    void kill9Server() throws IOException, InterruptedException {
        long pid = serverStatus().get("pid").asLong();
        Optional<ProcessHandle> server = ProcessHandle.of(pid);
        server.ifPresent(ProcessHandle::destroyForcibly);
        if (server.isPresent() && !server.get().onExit().toCompletableFuture().completeOnTimeout(null, 30, TimeUnit.SECONDS)
                .thenApply(p -> true).join().equals(true)) {
            throw new AssertionError("the server (pid " + pid + ") did not die");
        }
    }

    String serverLog() {
        try {
            Path log = home.resolve("server.log");
            return Files.exists(log) ? Files.readString(log) : "(no server log)";
        } catch (IOException e) {
            return "(unreadable server log: " + e.getMessage() + ")";
        }
    }

    /**
     * Removes everything this installation left: its server, its edge, the containers and networks of its apps.
     */
    void cleanUp() throws IOException, InterruptedException {
        if (installation == null && Files.exists(home.resolve("run/moor.sock"))) {
            try {
                installation = serverStatus().get("installation").asText();
            } catch (AssertionError e) {
                // No server answers: nothing of its is known by id; the labels below find what is left.
            }
        }
        Result stop = run("server", "stop");
        if (stop.exitCode() != 0) {
            System.out.println("moor server stop: " + stop.err());
        }
        if (installation != null) {
            Docker.removeInstallation(installation);
        }
    }

    /** Reads the installation id now, so that {@link #cleanUp} finds the containers even when no server runs. */
    String installation() throws IOException, InterruptedException {
        if (installation == null) {
            installation = serverStatus().get("installation").asText();
        }
        return installation;
    }

    private ProcessBuilder builder(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().put("MOOR_HOME", home.toString());
        builder.environment().remove("MOOR_SERVER");
        return builder;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static Duration timeout() {
        return Duration.ofSeconds(90);
    }
}

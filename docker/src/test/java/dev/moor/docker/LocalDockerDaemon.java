package dev.moor.docker;

import org.awaitility.core.ConditionTimeoutException;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * The dockerd process of this machine, started by hand (as {@code scripts/lib.sh} does: {@code nohup dockerd
 * [--bridge=none]}), restarted by a test the way an operator would: SIGTERM, wait for it to exit, start it again
 * with the same command line, environment, directory and log, wait until it answers. Every wait is bounded and
 * says what it waited for when it gives up.
 */
final class LocalDockerDaemon {

    private static final Path DEFAULT_PID_FILE = Path.of("/var/run/docker.pid");
    private static final Duration EXIT_PATIENCE = Duration.ofSeconds(60);
    private static final Duration ANSWER_PATIENCE = Duration.ofSeconds(60);

    private long pid;
    private final List<String> commandLine;
    private final Map<String, String> environment;
    private final Path directory;
    private final Path log;

    private LocalDockerDaemon(long pid, List<String> commandLine, Map<String, String> environment, Path directory,
                              Path log) {
        this.pid = pid;
        this.commandLine = List.copyOf(commandLine);
        this.environment = Map.copyOf(environment);
        this.directory = directory;
        this.log = log;
    }

    /**
     * The dockerd behind the local socket, when this process may restart it.
     *
     * @return the daemon, or why it cannot be restarted from here (for an assumption)
     */
    static Result find() {
        String dockerHost = System.getenv().getOrDefault("DOCKER_HOST", "unix:///var/run/docker.sock");
        if (!dockerHost.startsWith("unix://")) {
            return Result.no("DOCKER_HOST=" + dockerHost + " is not a local socket: its dockerd cannot be restarted from here");
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return Result.no("restarting dockerd takes root (running as " + System.getProperty("user.name") + ")");
        }
        Optional<Long> found = pidFromFile().or(LocalDockerDaemon::onlyDockerdProcess);
        if (found.isEmpty()) {
            return Result.no("no dockerd process found (neither " + DEFAULT_PID_FILE + " nor exactly one in /proc)");
        }
        long pid = found.get();
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            String cgroup = Files.readString(proc.resolve("cgroup"));
            if (cgroup.contains("docker.service")) {
                return Result.no("dockerd (pid " + pid + ") runs under systemd (docker.service): restart it with systemctl,"
                        + " not from a test");
            }
            List<String> commandLine = nulSeparated(Files.readAllBytes(proc.resolve("cmdline")));
            Map<String, String> environment = new LinkedHashMap<>();
            for (String entry : nulSeparated(Files.readAllBytes(proc.resolve("environ")))) {
                int equals = entry.indexOf('=');
                if (equals > 0) {
                    environment.put(entry.substring(0, equals), entry.substring(equals + 1));
                }
            }
            Path directory = Files.readSymbolicLink(proc.resolve("cwd"));
            Path stdout = Files.readSymbolicLink(proc.resolve("fd/1"));
            Path log = Files.isRegularFile(stdout) ? stdout : Files.createTempFile("moor-dockerd", ".log");
            if (commandLine.isEmpty()) {
                return Result.no("dockerd (pid " + pid + ") has no command line in " + proc + "/cmdline");
            }
            return new Result(Optional.of(new LocalDockerDaemon(pid, commandLine, environment, directory, log)), "");
        } catch (IOException e) {
            return Result.no("cannot read how dockerd (pid " + pid + ") was started: " + e);
        }
    }

    /** A daemon, or why there is none to restart. */
    record Result(Optional<LocalDockerDaemon> daemon, String whyNot) {
        static Result no(String why) {
            return new Result(Optional.empty(), why);
        }
    }

    long pid() {
        return pid;
    }

    List<String> commandLine() {
        return commandLine;
    }

    /**
     * Stops dockerd with SIGTERM and waits for it to exit (it stops the containers first unless live-restore is
     * on), starts it again as it was started, and waits until it answers its API again.
     *
     * @throws AssertionError when it does not exit, does not start, or does not answer in time
     */
    void restart() {
        restart(() -> {});
    }

    /** {@link #restart()}, running {@code whileStopped} once dockerd has exited and before it starts again. */
    void restart(Runnable whileStopped) {
        stop();
        whileStopped.run();
        start();
    }

    private void stop() {
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow(() ->
                new AssertionError("dockerd (pid " + pid + ") is not running: nothing to restart"));
        if (!process.destroy()) {
            throw new AssertionError("could not send SIGTERM to dockerd (pid " + pid + ")");
        }
        try {
            await("dockerd (pid " + pid + ") exits after SIGTERM").atMost(EXIT_PATIENCE)
                    .pollInterval(Duration.ofMillis(100)).until(() -> exited(pid));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("dockerd (pid " + pid + ") did not exit within " + EXIT_PATIENCE.toSeconds()
                    + " s of SIGTERM; its log (" + log + ") ends with:\n" + tail(), e);
        }
    }

    private void start() {
        List<String> command = new ArrayList<>();
        // Its own session, as nohup from a shell gave it: no signal for the test's terminal reaches it.
        command.add("setsid");
        command.addAll(commandLine);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError("cannot start " + String.join(" ", command) + " in " + directory + ": " + e, e);
        }
        pid = process.pid();
        try {
            await("dockerd (pid " + pid + ") answers its API").atMost(ANSWER_PATIENCE)
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new AssertionError("dockerd (pid " + pid + ") exited with code " + process.exitValue()
                                    + " while starting; its log (" + log + ") ends with:\n" + tail());
                        }
                        return answers();
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("dockerd (pid " + pid + ", " + String.join(" ", commandLine) + ") did not answer within "
                    + ANSWER_PATIENCE.toSeconds() + " s of its start; its log (" + log + ") ends with:\n" + tail(), e);
        }
    }

    /** Whether a new connection gets the engine's version, info and container list: what a client needs. */
    private static boolean answers() {
        try (DockerRuntime probe = DockerRuntime.connect()) {
            probe.listContainers(Map.of("moor.test.probe", "none"));
            return true;
        } catch (RuntimeException notYet) {
            return false;
        }
    }

    /** Gone, or a zombie nobody reaped yet: either way it no longer serves. */
    private static boolean exited(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // "pid (comm) S ...": the state follows the last ')'.
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException gone) {
            return true;
        }
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read it: " + e + ")";
        }
    }

    private static Optional<Long> pidFromFile() {
        try {
            long pid = Long.parseLong(Files.readString(DEFAULT_PID_FILE).strip());
            return isDockerd(pid) ? Optional.of(pid) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Long> onlyDockerdProcess() {
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            List<Long> dockerds = processes
                    .map(p -> p.getFileName().toString())
                    .filter(name -> name.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong)
                    .filter(LocalDockerDaemon::isDockerd)
                    .toList();
            return dockerds.size() == 1 ? Optional.of(dockerds.getFirst()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean isDockerd(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip().equals("dockerd");
        } catch (IOException e) {
            return false;
        }
    }

    private static List<String> nulSeparated(byte[] bytes) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                parts.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (start < bytes.length) {
            parts.add(new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8));
        }
        return parts;
    }
}

package dev.moor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the packaged {@code moor.jar} as a user would: a separate JVM with its own state directory
 * ({@code MOOR_HOME}), against the real Docker engine.
 */
final class MoorProcess {
    private static final Path JAR = Path.of("target/moor.jar").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path home;
    private final Path workDir;

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

    /** A running {@code moor up}; its output goes to a file so a test can read it while it runs. */
    record Up(Process process, Path logFile) {
        String output() {
            try {
                return Files.readString(logFile, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void kill9() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    Result run(String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile(home, "out", ".txt");
        Path err = Files.createTempFile(home, "err", ".txt");
        Process process = builder(args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("moor " + String.join(" ", args) + " did not finish within 2 minutes");
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    Up up(String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("up"));
        all.addAll(List.of(args));
        Path output = Files.createTempFile(home, "up", ".log");
        Process process = builder(all.toArray(String[]::new)).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        return new Up(process, output);
    }

    private ProcessBuilder builder(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().put("MOOR_HOME", home.toString());
        return builder;
    }

    static Duration timeout() {
        return Duration.ofSeconds(90);
    }
}

package dev.moor.server.api;


import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real curl, as a client the server did not write; tests that use it are skipped where it is missing. */
final class Curl {

    record Result(int exitCode, String output, String errors) {
    }

    private Curl() {
    }

    static Result run(String... arguments) throws IOException, InterruptedException {
        return runAs(List.of(), arguments);
    }

    /** Runs curl behind {@code prefix}, for example {@code setpriv --reuid=65534 ...}. */
    static Result runAs(List<String> prefix, String... arguments) throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of("/usr/bin/curl"))) {
            throw new AssertionError("curl is not installed (scripts/test installs it)");
        }
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of("/usr/bin/curl", "--silent", "--show-error", "--max-time", "20"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).start();
        byte[] output = process.getInputStream().readAllBytes();
        byte[] errors = process.getErrorStream().readAllBytes();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("curl did not end within 30s: " + command);
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8),
                new String(errors, StandardCharsets.UTF_8));
    }
}

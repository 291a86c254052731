package dev.moor.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Load from a real client, wrk or h2load, running beside a test, with its report read back. */
final class Load {
    private static final Pattern WRK_REQUESTS = Pattern.compile("(\\d+) requests in");
    private static final Pattern WRK_NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern WRK_SOCKET_ERRORS =
            Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

    private final Process process;
    private final Path output;

    private Load(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /**
     * wrk against {@code url} for {@code seconds}; with {@code newConnections}, every request carries
     * {@code Connection: close}, so each opens a connection of its own.
     */
    static Load wrk(String url, int connections, int seconds, boolean newConnections, Path output) throws IOException {
        List<String> command = new ArrayList<>(List.of("wrk", "-t1", "-c" + connections, "-d" + seconds + "s",
                "--timeout", "5s", "--latency"));
        if (newConnections) {
            command.addAll(List.of("-H", "Connection: close"));
        }
        command.add(url);
        return new Load(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start(), output);
    }

    /** h2load (HTTP/2 cleartext, prior knowledge) against {@code url} for {@code seconds}. */
    static Load h2load(String url, int connections, int seconds, Path output) throws IOException {
        return new Load(new ProcessBuilder("h2load", "-t1", "-c" + connections, "-m1", "-D", Integer.toString(seconds), url)
                .redirectErrorStream(true).redirectOutput(output.toFile()).start(), output);
    }

    /** Waits for the load to end and returns its report. */
    String report() throws IOException, InterruptedException {
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the load did not end within 3 minutes");
        }
        return Files.readString(output);
    }

    /** What wrk reported: requests, non-2xx answers, socket errors. */
    record WrkFigures(long requests, long non2xx, long socketErrors) {
        static WrkFigures of(String report) {
            Matcher requests = WRK_REQUESTS.matcher(report);
            if (!requests.find()) {
                throw new AssertionError("not a wrk report: " + report);
            }
            Matcher non2xx = WRK_NON_2XX.matcher(report);
            Matcher errors = WRK_SOCKET_ERRORS.matcher(report);
            long socketErrors = 0;
            if (errors.find()) {
                for (int group = 1; group <= 4; group++) {
                    socketErrors += Long.parseLong(errors.group(group));
                }
            }
            return new WrkFigures(Long.parseLong(requests.group(1)), non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0,
                    socketErrors);
        }
    }
}

package dev.moor.edge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs nghttp2's h2load (HTTP/2 with prior knowledge on an http:// URI) and reads its summary. */
final class H2Load {
    private static final Pattern REQUESTS = Pattern.compile(
            "requests: (\\d+) total, (\\d+) started, (\\d+) done, (\\d+) succeeded, (\\d+) failed, (\\d+) errored");
    private static final Pattern STATUS = Pattern.compile("status codes: (\\d+) 2xx, (\\d+) 3xx, (\\d+) 4xx, (\\d+) 5xx");

    /** The summary lines of one run. */
    record Result(int succeeded, int failed, int errored, int status2xx, String output) {}

    private H2Load() {}

    static Result run(String... arguments) {
        List<String> command = new ArrayList<>(List.of("h2load"));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError("h2load " + String.join(" ", arguments) + " failed:\n" + output);
            }
            Matcher requests = REQUESTS.matcher(output);
            Matcher status = STATUS.matcher(output);
            if (!requests.find() || !status.find()) {
                throw new AssertionError("h2load printed no summary:\n" + output);
            }
            return new Result(Integer.parseInt(requests.group(4)), Integer.parseInt(requests.group(5)),
                    Integer.parseInt(requests.group(6)), Integer.parseInt(status.group(1)), output);
        } catch (IOException e) {
            throw new AssertionError("cannot run h2load", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

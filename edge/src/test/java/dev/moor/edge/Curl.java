package dev.moor.edge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the curl command line client; {@link #run} returns its status line, headers and body as received. */
final class Curl {
    /** One response as curl printed it with {@code -i}: the last one when curl saw interim responses. */
    record Result(int status, String head, String body) {
        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).strip();
                }
            }
            return null;
        }
    }

    private Curl() {}

    static Result run(String... arguments) {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "-i", "--max-time", "30"));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
            byte[] output = process.getInputStream().readAllBytes();
            String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError("curl " + String.join(" ", arguments) + " failed: " + errors);
            }
            String text = new String(output, StandardCharsets.ISO_8859_1);
            int start = 0;
            // Skip interim responses (100 Continue, 101 to h2c): the final one is the last head.
            while (text.startsWith("HTTP/1.1 1", start)) {
                start = text.indexOf("\r\n\r\n", start) + 4;
            }
            int headEnd = text.indexOf("\r\n\r\n", start);
            String head = text.substring(start, headEnd);
            int space = head.indexOf(' ');   // "HTTP/1.1 200 OK" or "HTTP/2 200"
            int status = Integer.parseInt(head.substring(space + 1, space + 4));
            return new Result(status, head, text.substring(headEnd + 4));
        } catch (IOException e) {
            throw new AssertionError("cannot run curl", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

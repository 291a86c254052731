package dev.moor.edge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code openssl s_client}: one request on stdin, what it printed (handshake, session and answer) back. */
final class OpenSslClient {
    /** @param exitCode 0 when the handshake went through */
    record Result(int exitCode, String output) {
        boolean connected() {
            return exitCode == 0 && output.contains("HTTP/1.1 ");
        }
    }

    private OpenSslClient() {}

    /** Connects to 127.0.0.1:port with SNI {@code serverName}, sends a GET of / for it, reads until the server closes. */
    static Result get(int port, String serverName, String... arguments) {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
                "-servername", serverName, "-ign_eof"));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + serverName + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("openssl s_client did not end: " + output);
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new AssertionError("cannot run openssl", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

package dev.moor.server.api;

import dev.moor.server.tls.ClientBundle;
import java.net.URI;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A client of Moor's API, the same on both transports, so every command works locally and remotely. Every failure
 * is an {@link ApiException}: the server's status and error message, 503 when no server answers (or it refuses
 * this client), 502 when the connection breaks, 504 when the server does not answer in time.
 */
public interface ApiClient extends AutoCloseable {

    /** A client of the server listening on the Unix socket {@code socket}; it connects on each request. */
    static ApiClient local(Path socket) {
        return new UnixSocketClient(socket);
    }

    /**
     * A client of the server at {@code server} (for example {@code https://moor.example.com:7443}), presenting the
     * client bundle in {@code bundleDirectory} ({@code moor server issue-client NAME} writes it).
     */
    static ApiClient remote(URI server, Path bundleDirectory) {
        return new TlsClient(server, ClientBundle.read(bundleDirectory), bundleDirectory);
    }

    /**
     * Sends {@code method pathAndQuery} (query already URL-encoded), with {@code jsonBody} written as JSON (no body
     * when null), and returns the 2xx answer.
     */
    ApiResponse call(String method, String pathAndQuery, Object jsonBody);

    /**
     * Sends {@code method pathAndQuery} and hands each line of the streamed (NDJSON) answer, without its newline,
     * to {@code lines} on the calling thread as it arrives, until the server ends the answer. Empty lines
     * (heartbeats) are skipped; a last line {@code {"error": "..."}} throws. Returns early, with the interrupt flag
     * set, when the calling thread is interrupted; an exception thrown by {@code lines} stops the stream and
     * propagates. Either way the connection is closed, which tells the server's handler to stop.
     */
    void stream(String method, String pathAndQuery, Object jsonBody, Consumer<String> lines);

    /**
     * Sends {@code PUT pathAndQuery} with the bytes of {@code file} as its body ({@code application/octet-stream}) and
     * returns the 2xx answer. The answer's deadline grows with the file's size (1 s per MiB beyond the usual).
     */
    ApiResponse upload(String pathAndQuery, Path file);

    default ApiResponse get(String pathAndQuery) {
        return call("GET", pathAndQuery, null);
    }

    default ApiResponse post(String path, Object jsonBody) {
        return call("POST", path, jsonBody);
    }

    default ApiResponse put(String path, Object jsonBody) {
        return call("PUT", path, jsonBody);
    }

    default ApiResponse delete(String path) {
        return call("DELETE", path, null);
    }

    /** {@code GET pathAndQuery} as a stream; see {@link #stream(String, String, Object, Consumer)}. */
    default void stream(String pathAndQuery, Consumer<String> lines) {
        stream("GET", pathAndQuery, null, lines);
    }

    @Override
    void close();
}

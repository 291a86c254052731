package dev.moor.server.api;

import io.javalin.Javalin;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Moor's API, served by one Javalin app on a Unix socket and, optionally, on a TCP port with mutual TLS. Who may
 * call is settled before any handler runs: on the socket, the server's own user and root; on the port, holders
 * of a valid certificate from Moor's CA.
 */
public final class ApiServer implements AutoCloseable {

    private final Javalin app;
    private final Path socket;
    private final ServerConnector tlsConnector;
    private final OpenStreams openStreams;

    ApiServer(Javalin app, Path socket, ServerConnector tlsConnector, OpenStreams openStreams) {
        this.app = app;
        this.socket = socket;
        this.tlsConnector = tlsConnector;
        this.openStreams = openStreams;
    }

    public static ApiServerBuilder builder() {
        return new ApiServerBuilder();
    }

    public Path socket() {
        return socket;
    }

    /** The TLS port actually bound (useful after asking for port 0), when the server has one. */
    public OptionalInt tlsPort() {
        return tlsConnector == null ? OptionalInt.empty() : OptionalInt.of(tlsConnector.getLocalPort());
    }

    /**
     * Stops serving: a stream still open ends with the error "the Moor server is stopping" (503), so that its client
     * knows why; then the socket file is removed.
     */
    @Override
    public void close() {
        openStreams.endAll(503, "the Moor server is stopping");
        app.stop();
    }

    @Override
    public String toString() {
        return "ApiServer[" + socket + (tlsConnector == null ? "" : ", TLS port " + tlsConnector.getLocalPort()) + "]";
    }
}

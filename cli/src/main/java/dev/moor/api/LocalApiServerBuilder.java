package dev.moor.api;

import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Configures a {@link LocalApiServer}: its socket and its routes, each an exact path and a method. */
public final class LocalApiServerBuilder {

    private Path socket;
    private final Map<String, Map<HttpMethod, Route>> routes = new LinkedHashMap<>();

    public LocalApiServerBuilder() {
    }

    public LocalApiServerBuilder socket(Path socket) {
        Objects.requireNonNull(socket, "socket");
        int length = socket.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8).length;
        if (length > SocketFile.MAX_PATH_BYTES) {
            throw new IllegalArgumentException("socket: " + socket + " is " + length
                    + " bytes long (expected: at most " + SocketFile.MAX_PATH_BYTES + " for a Unix socket)");
        }
        this.socket = socket;
        return this;
    }

    public LocalApiServerBuilder route(HttpMethod method, String path, JsonHandler handler) {
        return add(method, path, new JsonRoute(Objects.requireNonNull(handler, "handler")));
    }

    public LocalApiServerBuilder streamRoute(HttpMethod method, String path, StreamHandler handler) {
        return add(method, path, new StreamRoute(Objects.requireNonNull(handler, "handler")));
    }

    public LocalApiServer build() {
        if (socket == null) {
            throw new IllegalStateException("socket: missing (expected: the path of the local API's Unix socket)");
        }
        Map<String, Map<HttpMethod, Route>> frozen = new HashMap<>();
        routes.forEach((path, byMethod) -> frozen.put(path, Map.copyOf(byMethod)));
        return new LocalApiServer(socket, Map.copyOf(frozen));
    }

    private LocalApiServerBuilder add(HttpMethod method, String path, Route route) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/") || path.contains("?") || path.contains("#")) {
            throw new IllegalArgumentException("route " + method + " " + path
                    + ": invalid path (expected: an exact path such as /v1/status, without query)");
        }
        Route previous = routes.computeIfAbsent(path, p -> new LinkedHashMap<>()).putIfAbsent(method, route);
        if (previous != null) {
            throw new IllegalArgumentException("route " + method + " " + path + ": defined twice");
        }
        return this;
    }
}

package dev.moor.cli;

import dev.moor.api.ApiException;
import dev.moor.api.ApiRequest;
import dev.moor.api.ApiResponse;
import dev.moor.api.LineSink;
import dev.moor.api.LocalApiServer;
import dev.moor.engine.controller.AppController;
import dev.moor.engine.replica.Labels;
import dev.moor.engine.revision.Revision;
import dev.moor.engine.runtime.ContainerInfo;
import dev.moor.engine.runtime.ContainerRuntime;
import dev.moor.engine.store.Store;
import dev.moor.engine.store.StoredEvent;

import io.netty.handler.codec.http.HttpMethod;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The local API of a running Moor: what {@code moor status}, {@code ps}, {@code logs}, {@code scale},
 * {@code events} and {@code down} call. Served only on the app's Unix socket (owner-only).
 */
final class MoorApi {
    static final String STATUS = "/v1/status";
    static final String SCALE = "/v1/scale";
    static final String EVENTS = "/v1/events";
    static final String LOGS = "/v1/logs";
    static final String SHUTDOWN = "/v1/shutdown";

    private static final int DEFAULT_TAIL = 100;
    private static final long EVENT_POLL_MILLIS = 250;
    private static final long SHUTDOWN_ANSWER_MILLIS = 200;

    private MoorApi() {}

    static LocalApiServer server(Path socket, AppController controller, ContainerRuntime runtime, Store store,
                                 Runnable shutdown) {
        String app = controller.app();
        return LocalApiServer.builder()
                .socket(socket)
                .route(HttpMethod.GET, STATUS, request -> ApiResponse.ok(controller.status()))
                .route(HttpMethod.POST, SCALE, request -> scale(controller, request))
                .route(HttpMethod.POST, SHUTDOWN, request -> {
                    // Answer first: stopping closes this server.
                    Thread.ofVirtual().start(() -> {
                        try {
                            Thread.sleep(SHUTDOWN_ANSWER_MILLIS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        shutdown.run();
                    });
                    return ApiResponse.ok(Map.of("stopping", app));
                })
                .streamRoute(HttpMethod.GET, EVENTS, (request, sink) -> events(store, app, request, sink))
                .streamRoute(HttpMethod.GET, LOGS, (request, sink) -> logs(runtime, store, app, request, sink))
                .build();
    }

    private static ApiResponse scale(AppController controller, ApiRequest request) {
        Map<?, ?> body = request.json(Map.class);
        Revision revision = null;
        for (Map.Entry<?, ?> entry : body.entrySet()) {
            if (!(entry.getValue() instanceof Integer replicas)) {
                throw new ApiException(400, "scale: " + entry.getKey() + ": " + entry.getValue() + " (expected: an integer >= 0)");
            }
            try {
                revision = controller.scale(String.valueOf(entry.getKey()), replicas);
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, e.getMessage());
            }
        }
        if (revision == null) {
            throw new ApiException(400, "scale: nothing to scale (expected: {\"SERVICE\": REPLICAS})");
        }
        return ApiResponse.ok(Map.of("revision", revision.number()));
    }

    private static void events(Store store, String app, ApiRequest request, LineSink sink) throws InterruptedException {
        boolean follow = request.param("follow").map(Boolean::parseBoolean).orElse(false);
        int last = request.param("last").map(Integer::parseInt).orElse(50);
        long after = 0;
        for (StoredEvent event : store.lastEvents(app, last)) {
            if (!sink.line(Json.write(event))) {
                return;
            }
            after = event.id();
        }
        while (follow && sink.isOpen()) {
            List<StoredEvent> events = store.events(app, after, 100);
            for (StoredEvent event : events) {
                if (!sink.line(Json.write(event))) {
                    return;
                }
                after = event.id();
            }
            if (events.isEmpty()) {
                Thread.sleep(EVENT_POLL_MILLIS);
            }
        }
    }

    private static void logs(ContainerRuntime runtime, Store store, String app, ApiRequest request, LineSink sink)
            throws InterruptedException {
        String service = request.param("service").orElseThrow(() -> new ApiException(400, "logs: the service parameter is missing"));
        boolean follow = request.param("follow").map(Boolean::parseBoolean).orElse(false);
        int tail = request.param("tail").map(Integer::parseInt).orElse(DEFAULT_TAIL);
        Map<String, String> labels = Map.of(Labels.OWNER, store.installationId(), Labels.APP, app, Labels.SERVICE, service);
        List<ContainerInfo> replicas = new ArrayList<>(runtime.listContainers(labels).stream()
                .filter(c -> c.state().isAlive()).toList());
        if (replicas.isEmpty()) {
            throw new ApiException(404, "no running replica of service " + service + " in app " + app);
        }
        replicas.sort(Comparator.comparing(c -> c.labels().getOrDefault(Labels.REPLICA, "")));
        CountDownLatch ended = new CountDownLatch(replicas.size());
        List<Closeable> streams = new ArrayList<>();
        Object order = new Object();
        for (ContainerInfo replica : replicas) {
            int slot = parseSlot(replica.labels().get(Labels.REPLICA));
            streams.add(runtime.logs(replica.id(), tail, follow, line -> {
                synchronized (order) {
                    sink.json(new ReplicaLogLine(service, slot, replica.shortId(),
                            line.stream().name().toLowerCase(java.util.Locale.ROOT), line.text()));
                }
            }, ended::countDown));
        }
        sink.onClose(() -> streams.forEach(MoorApi::closeQuietly));
        while (!ended.await(500, TimeUnit.MILLISECONDS)) {
            if (!sink.isOpen()) {
                break;
            }
        }
        streams.forEach(MoorApi::closeQuietly);
    }

    /** One line of a replica's log, as {@code GET /v1/logs} streams it. */
    record ReplicaLogLine(String service, int replica, String container, String stream, String text) {
        String render() {
            return service + "-" + replica + " | " + text;
        }
    }

    private static int parseSlot(String label) {
        try {
            return label == null ? -1 : Integer.parseInt(label);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException | RuntimeException e) {
            // The stream is ending either way.
        }
    }
}

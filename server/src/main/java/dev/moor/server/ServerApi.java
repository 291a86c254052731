package dev.moor.server;

import dev.moor.engine.controller.AppController;
import dev.moor.engine.controller.AppStatus;
import dev.moor.engine.deploy.CanaryState;
import dev.moor.engine.deploy.Deployment;
import dev.moor.engine.replica.Labels;
import dev.moor.engine.revision.Revision;
import dev.moor.engine.runtime.ContainerInfo;
import dev.moor.engine.runtime.ContainerRuntimeException;
import dev.moor.engine.runtime.LogLine;
import dev.moor.engine.store.StoredEvent;
import dev.moor.server.api.ApiCaller;
import dev.moor.server.api.ApiException;
import dev.moor.server.api.NdjsonStream;
import dev.moor.server.source.SourceStore;
import dev.moor.spec.FileAccess;
import dev.moor.spec.SpecException;
import dev.moor.spec.SpecLoader;
import dev.moor.spec.SpecProblem;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The server's API: what every {@code moor} command calls, on the Unix socket or over mutual TLS. Resources are per
 * app ({@code /apps/{app}/…}); logs, events and deploy progress stream as NDJSON.
 */
public final class ServerApi {
    private static final long POLL_MILLIS = 200;
    private static final Duration EDGE_WAIT = Duration.ofMinutes(3);
    private static final int DEFAULT_TAIL = 100;
    private static final long HEARTBEAT_MILLIS = 15_000;
    /** How many of its last events {@code moor deploy --watch} looks through for the start of the deploy. */
    private static final int WATCH_HISTORY = 1000;

    private final MoorServer server;
    private final Runnable stop;

    /**
     * @param stop stops the server process (after the answer to {@code POST /server/stop} went out)
     */
    public ServerApi(MoorServer server, Runnable stop) {
        this.server = server;
        this.stop = stop;
    }

    /**
     * A deploy request's body.
     *
     * @param file    where the client read the file: on this host, or (with {@code sources}) on the client's
     * @param text    the file's text
     * @param pull    whether images named by tag are pulled even when the engine has them
     * @param sources the digest of the {@link dev.moor.server.source.SourceArchive} of the file's build contexts and
     *                secret files, uploaded before with {@code PUT /sources/{digest}}; null when the server reads them
     *                from {@code file}'s directory itself
     */
    public record DeployBody(String file, String text, boolean pull, String sources) {}

    /** A rollback request's body: the revision to go back to, or null for the newest one before the current one that ran completely. */
    public record RollbackBody(Long to, String service) {}

    /** What the server holds of an uploaded archive. */
    public record SourcesBody(String digest) {}

    /** One line of a deploy's progress stream. */
    public record DeployLine(String type, String text, Long revision, StoredEvent event, AppStatus status, Boolean ok,
                             List<CanaryState> canaries) {
        static DeployLine progress(String text) {
            return new DeployLine("progress", text, null, null, null, null, null);
        }

        static DeployLine started(long revision, String text) {
            return new DeployLine("started", text, revision, null, null, null, null);
        }

        static DeployLine event(StoredEvent event) {
            return new DeployLine("event", null, null, event, null, null, null);
        }

        /** What runs, and where each canary of the deploy stands. */
        static DeployLine status(AppStatus status, List<CanaryState> canaries) {
            return new DeployLine("status", null, null, null, status, null, canaries);
        }

        static DeployLine done(boolean ok, String text) {
            return new DeployLine("done", text, null, null, null, ok, null);
        }
    }

    /** A promote request's body: with {@code full}, every canary takes all of its traffic at once. */
    public record PromoteBody(boolean full) {}

    /** One line of a replica's log. */
    public record ReplicaLogLine(String service, int replica, String container, String stream, String text) {}

    public void routes(RoutesConfig routes) {
        routes.get("/server", ctx -> ctx.json(server.status()));
        routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(ServerMetrics.render(server)));
        routes.post("/server/stop", ctx -> {
            ctx.json(Map.of("stopping", ProcessHandle.current().pid()));
            Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                stop.run();
            });
        });
        routes.get("/sources/{digest}", ctx -> {
            if (sourceTree(ctx.pathParam("digest")).isEmpty()) {
                throw new ApiException(404, "no uploaded sources " + ctx.pathParam("digest"));
            }
            ctx.json(new SourcesBody(ctx.pathParam("digest")));
        });
        routes.put("/sources/{digest}", this::receiveSources);
        routes.get("/apps", ctx -> ctx.json(server.apps()));
        routes.post("/apps/{app}/deploy", this::deploy);
        routes.post("/apps/{app}/plan", this::plan);
        routes.post("/apps/{app}/rollback", this::rollback);
        routes.post("/apps/{app}/abort", ctx -> {
            AppController controller = controller(ctx);
            try {
                Deployment aborted = controller.abort(ApiCaller.of(ctx).who());
                ctx.json(Map.of("app", controller.app(), "aborted", aborted.toRevision(),
                        "revision", controller.revision().number()));
            } catch (IllegalStateException e) {
                throw new ApiException(409, e.getMessage());
            }
        });
        routes.post("/apps/{app}/promote", ctx -> {
            AppController controller = controller(ctx);
            PromoteBody body = ctx.body().isBlank() ? new PromoteBody(false) : ctx.bodyAsClass(PromoteBody.class);
            try {
                ctx.json(Map.of("app", controller.app(), "canaries",
                        controller.promote(ApiCaller.of(ctx).who(), body.full())));
            } catch (IllegalStateException e) {
                throw new ApiException(409, e.getMessage());
            }
        });
        routes.get("/apps/{app}/deploy", this::watch);
        routes.get("/apps/{app}", ctx -> ctx.json(controller(ctx).status()));
        routes.delete("/apps/{app}", ctx -> {
            String app = ctx.pathParam("app");
            try {
                List<ContainerInfo> removed = server.down(app);
                ctx.json(Map.of("app", app, "removed", removed.stream().map(ContainerInfo::name).toList()));
            } catch (IllegalArgumentException e) {
                throw new ApiException(404, e.getMessage());
            }
        });
        routes.post("/apps/{app}/scale", this::scale);
        routes.get("/apps/{app}/deploys", ctx -> ctx.json(server.store().deploys(appName(ctx))));
        routes.get("/apps/{app}/revisions", ctx -> ctx.json(server.history(appName(ctx))));
        routes.get("/apps/{app}/events", this::events);
        routes.get("/apps/{app}/logs", this::logs);
        routes.get("/edge/logs", this::edgeLogs);
        routes.post("/edge/restart", this::restartEdge);
        routes.post("/cache/purge", this::purgeCache);
    }

    /** A purge request's body (see {@link CachePurgeRequest}); both fields may be left out. */
    public record PurgeBody(String app, String target) {}

    private void purgeCache(Context ctx) throws InterruptedException {
        PurgeBody body = ctx.body().isBlank() ? new PurgeBody(null, null) : ctx.bodyAsClass(PurgeBody.class);
        CachePurgeRequest request = new CachePurgeRequest(Optional.ofNullable(body.app()),
                Optional.ofNullable(body.target()));
        request.app().ifPresent(this::controller);
        try {
            ctx.json(server.purgeCache(request));
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, e.getMessage());
        } catch (IllegalStateException e) {
            throw new ApiException(503, e.getMessage());
        }
    }

    /** Streams the steps of the edge's replacement ({@code {"step": …}}), then the edge that serves or the error. */
    private void restartEdge(Context ctx) throws InterruptedException {
        NdjsonStream stream = NdjsonStream.open(ctx);
        try {
            // A client that leaves does not stop the replacement halfway: it goes on, unheard.
            ContainerInfo edge = server.restartEdge(step -> {
                try {
                    stream.send(Map.of("step", step));
                } catch (UncheckedIOException clientGone) {
                    // Nobody left to tell.
                }
            });
            stream.send(Map.of("edge", edge.name(), "image", edge.image()));
        } catch (ContainerRuntimeException | IllegalStateException e) {
            stream.send(Map.of("error", e.getMessage()));
        }
    }

    private String appName(Context ctx) {
        String app = ctx.pathParam("app");
        if (!server.store().apps().containsKey(app)) {
            throw new ApiException(404, "no app " + app + " on this server (apps: "
                    + String.join(", ", server.store().apps().keySet()) + ")");
        }
        return app;
    }

    private AppController controller(Context ctx) {
        return controller(ctx.pathParam("app"));
    }

    private AppController controller(String app) {
        return server.app(app).orElseThrow(() -> new ApiException(404, "no app " + app + " on this server (apps: "
                + String.join(", ", server.apps().stream().map(AppSummary::app).toList()) + ")"));
    }

    /** The file a deploy or plan request sends, checked: its app is the one of the path. */
    private DeployRequest deployRequest(Context ctx, String what) {
        DeployBody body = ctx.bodyAsClass(DeployBody.class);
        if (body.file() == null || body.text() == null) {
            throw new ApiException(400, what + ": file and text are required (expected: {\"file\": PATH, \"text\": YAML})");
        }
        Path file = Path.of(body.file());
        FileAccess access = FileAccess.LOCAL;
        if (body.sources() != null) {
            Path tree = sourceTree(body.sources()).orElseThrow(() -> new ApiException(400, what + ": no uploaded"
                    + " sources " + body.sources() + " (expected: PUT /sources/" + body.sources() + " first)"));
            Path name = file.getFileName();
            file = tree.resolve(name == null ? SpecLoader.FILE_NAME : name.toString());
            access = FileAccess.UPLOADED;
        }
        String app;
        try {
            app = SpecLoader.parse(body.text(), file, access).name();
        } catch (SpecException e) {
            throw new ApiException(422, String.join("\n", e.problems().stream().map(SpecProblem::render).toList()));
        }
        if (!app.equals(ctx.pathParam("app"))) {
            throw new ApiException(400, what + ": the file is of app " + app + ", not " + ctx.pathParam("app"));
        }
        return new DeployRequest(file, body.text(), access, body.pull(), ApiCaller.of(ctx).who());
    }

    private void plan(Context ctx) {
        DeployRequest request = deployRequest(ctx, "plan");
        try {
            ctx.json(server.plan(request));
        } catch (SpecException e) {
            throw new ApiException(422, e.getMessage());
        } catch (ContainerRuntimeException | IllegalStateException | UncheckedIOException e) {
            throw new ApiException(400, "plan: " + e.getMessage());
        }
    }

    private void deploy(Context ctx) throws InterruptedException {
        DeployRequest request = deployRequest(ctx, "deploy");
        streamDeploy(ctx, progress -> server.deploy(request, progress));
    }

    private void rollback(Context ctx) throws InterruptedException {
        String app = appName(ctx);
        RollbackBody body = ctx.body().isBlank() ? new RollbackBody(null, null) : ctx.bodyAsClass(RollbackBody.class);
        streamDeploy(ctx, progress -> server.rollback(app, Optional.ofNullable(body.service()),
                Optional.ofNullable(body.to()), ApiCaller.of(ctx).who()));
    }

    /**
     * Streams the app's deploy in progress like {@code moor up} does ({@code moor deploy --watch}), from its start;
     * with none, says which revision runs.
     */
    private void watch(Context ctx) throws InterruptedException {
        AppController controller = controller(ctx);
        NdjsonStream stream = NdjsonStream.open(ctx);
        Optional<Deployment> active = controller.activeDeploy();
        if (active.isEmpty()) {
            stream.send(DeployLine.done(true, "no deploy in progress: revision " + controller.revision().number()
                    + " runs"));
            return;
        }
        Deployment deployment = active.get();
        stream.send(DeployLine.started(deployment.toRevision(), deploying(deployment) + ", started "
                + deployment.startedAt()));
        List<StoredEvent> recent = server.store().lastEvents(controller.app(), WATCH_HISTORY);
        long before = recent.stream().filter(event -> event.kind().equals("deploy.started")).reduce((a, b) -> b)
                .or(() -> recent.stream().findFirst()).map(event -> event.id() - 1).orElse(0L);
        follow(new DeployStarted(controller.app(), deployment.toRevision(), active, before), stream);
    }

    /** {@code deploying revision 7 (from 6)}. */
    private static String deploying(Deployment deployment) {
        return "deploying revision " + deployment.toRevision()
                + (deployment.fromRevision() == 0 ? "" : " (from " + deployment.fromRevision() + ")");
    }

    /** How a deploy starts: it may report progress before it returns. */
    private interface DeployStart {
        DeployStarted start(Consumer<String> progress) throws SpecException;
    }

    /**
     * Starts a deploy and streams it: the start (or why nothing changed), then, unless {@code ?wait=false}, its
     * events and status until it ends.
     */
    private void streamDeploy(Context ctx, DeployStart start) throws InterruptedException {
        String app = ctx.pathParam("app");
        boolean wait = !"false".equals(ctx.queryParam("wait"));
        NdjsonStream stream = NdjsonStream.open(ctx);
        DeployStarted started;
        try {
            started = start.start(line -> stream.send(DeployLine.progress(line)));
        } catch (DeployRefused | SpecException e) {
            stream.send(DeployLine.done(false, e.getMessage()));
            return;
        } catch (ContainerRuntimeException | IllegalStateException | IllegalArgumentException e) {
            stream.send(DeployLine.done(false, app + ": nothing changed: " + e.getMessage()));
            return;
        }
        stream.send(DeployLine.started(started.revision(), started.deployment()
                .map(ServerApi::deploying)
                .orElse("revision " + started.revision() + " is what runs already")));
        if (wait) {
            follow(started, stream);
        }
    }

    private Optional<Path> sourceTree(String digest) {
        try {
            return server.sources().tree(digest);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, e.getMessage());
        }
    }

    private void receiveSources(Context ctx) throws IOException {
        String digest = ctx.pathParam("digest");
        try {
            server.sources().receive(digest, ctx.req().getInputStream());
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, e.getMessage());
        } catch (SourceStore.ArchiveTooLarge e) {
            throw new ApiException(413, e.getMessage());
        }
        ctx.status(201).json(new SourcesBody(digest));
    }

    /** Streams the app's events and status until its deploy ends (or, with none, until it runs as declared). */
    private void follow(DeployStarted started, NdjsonStream stream) throws InterruptedException {
        AppController controller = server.app(started.app()).orElseThrow();
        long after = started.firstEvent();
        AppStatus lastStatus = null;
        List<CanaryState> lastCanaries = null;
        while (true) {
            for (StoredEvent event : server.store().events(started.app(), after, 100)) {
                stream.send(DeployLine.event(event));
                after = event.id();
            }
            AppStatus status = controller.status();
            List<CanaryState> canaries = controller.canaries();
            if (!status.equals(lastStatus) || !canaries.equals(lastCanaries)) {
                stream.send(DeployLine.status(status, canaries));
                lastStatus = status;
                lastCanaries = canaries;
            }
            if (started.deployment().isPresent()) {
                long id = started.deployment().get().id();
                Optional<Deployment> ended = server.store().deploys(started.app()).stream()
                        .filter(d -> d.id() == id && d.state().ended()).findFirst();
                if (ended.isPresent()) {
                    for (StoredEvent event : server.store().events(started.app(), after, 100)) {
                        stream.send(DeployLine.event(event));
                    }
                    boolean succeeded = ended.get().state() == Deployment.State.SUCCEEDED;
                    if (!succeeded || edgeServes(started, stream)) {
                        stream.send(DeployLine.done(succeeded, ended.get().message()));
                    }
                    return;
                }
            } else if (converged(status)) {
                if (edgeServes(started, stream)) {
                    stream.send(DeployLine.done(true, "revision " + started.revision() + " runs as declared"));
                }
                return;
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /**
     * Waits until an edge serves the app's routes as they are now: on a server's first start the edge's image may
     * still be building when the replicas are healthy, and a {@code moor up} that says done must mean the app
     * answers. Sends the failed done line itself when the edge does not come within {@link #EDGE_WAIT}.
     */
    private boolean edgeServes(DeployStarted started, NdjsonStream stream) throws InterruptedException {
        long deadline = System.nanoTime() + EDGE_WAIT.toNanos();
        boolean said = false;
        while (!server.edgeServes(started.app())) {
            if (System.nanoTime() > deadline) {
                stream.send(DeployLine.done(false, "revision " + started.revision() + " runs, but no edge serves its"
                        + " routes after " + EDGE_WAIT.toMinutes() + " minutes: see moor server status and moor logs --edge"));
                return false;
            }
            if (!said) {
                stream.send(DeployLine.progress("waiting for the edge to serve the routes (the first start of a Moor"
                        + " version builds the edge's image)"));
                said = true;
            }
            Thread.sleep(POLL_MILLIS / 4);
        }
        return true;
    }

    private static boolean converged(AppStatus status) {
        return status.services().stream().allMatch(s -> s.healthy() == s.desired() && s.running() >= s.desired());
    }

    private void scale(Context ctx) {
        AppController controller = controller(ctx);
        Map<?, ?> body = ctx.bodyAsClass(Map.class);
        Revision revision = null;
        for (Map.Entry<?, ?> entry : body.entrySet()) {
            if (!(entry.getValue() instanceof Integer replicas)) {
                throw new ApiException(400, "scale: " + entry.getKey() + ": " + entry.getValue()
                        + " (expected: an integer >= 0)");
            }
            try {
                revision = controller.scale(String.valueOf(entry.getKey()), replicas, ApiCaller.of(ctx).who());
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, e.getMessage());
            }
        }
        if (revision == null) {
            throw new ApiException(400, "scale: nothing to scale (expected: {\"SERVICE\": REPLICAS})");
        }
        ctx.json(Map.of("revision", revision.number()));
    }

    private void events(Context ctx) throws InterruptedException {
        String app = appName(ctx);
        boolean follow = Boolean.parseBoolean(ctx.queryParam("follow"));
        int last = intParam(ctx, "last", 50);
        NdjsonStream stream = NdjsonStream.open(ctx);
        long after = 0;
        for (StoredEvent event : server.store().lastEvents(app, last)) {
            stream.send(event);
            after = event.id();
        }
        long quietSince = System.currentTimeMillis();
        while (follow) {
            List<StoredEvent> events = server.store().events(app, after, 100);
            for (StoredEvent event : events) {
                stream.send(event);
                after = event.id();
            }
            if (events.isEmpty()) {
                if (System.currentTimeMillis() - quietSince > HEARTBEAT_MILLIS) {
                    stream.heartbeat();
                    quietSince = System.currentTimeMillis();
                }
                Thread.sleep(POLL_MILLIS);
            } else {
                quietSince = System.currentTimeMillis();
            }
        }
    }

    private void logs(Context ctx) throws InterruptedException {
        String app = appName(ctx);
        String service = Optional.ofNullable(ctx.queryParam("service"))
                .orElseThrow(() -> new ApiException(400, "logs: the service parameter is missing"));
        Map<String, String> labels = Map.of(Labels.OWNER, server.store().installationId(), Labels.APP, app,
                Labels.SERVICE, service);
        List<ContainerInfo> replicas = new ArrayList<>(server.runtime().listContainers(labels).stream()
                .filter(c -> c.state().isAlive()).toList());
        if (replicas.isEmpty()) {
            throw new ApiException(404, "no running replica of service " + service + " in app " + app);
        }
        replicas.sort(Comparator.comparing(c -> c.labels().getOrDefault(Labels.REPLICA, "")));
        Map<ContainerInfo, Consumer<LogLine>> sinks = new LinkedHashMap<>();
        Object order = new Object();
        NdjsonStream stream = NdjsonStream.open(ctx);
        for (ContainerInfo replica : replicas) {
            int slot = parseSlot(replica.labels().get(Labels.REPLICA));
            sinks.put(replica, line -> {
                synchronized (order) {
                    stream.send(new ReplicaLogLine(service, slot, replica.shortId(),
                            line.stream().name().toLowerCase(Locale.ROOT), line.text()));
                }
            });
        }
        streamLogs(ctx, stream, order, sinks);
    }

    private void edgeLogs(Context ctx) throws InterruptedException {
        List<ContainerInfo> edges = server.edgeContainers().stream().filter(c -> c.state().isAlive()).limit(1).toList();
        if (edges.isEmpty()) {
            throw new ApiException(404, "no edge container runs");
        }
        NdjsonStream stream = NdjsonStream.open(ctx);
        Object order = new Object();
        ContainerInfo edge = edges.getFirst();
        Consumer<LogLine> sink = line -> {
            synchronized (order) {
                stream.send(new ReplicaLogLine("edge", 0, edge.shortId(), line.stream().name().toLowerCase(Locale.ROOT),
                        line.text()));
            }
        };
        streamLogs(ctx, stream, order, Map.of(edge, sink));
    }

    /** Streams the containers' logs, each line to its sink (which writes under {@code order}), until all end. */
    private void streamLogs(Context ctx, NdjsonStream stream, Object order, Map<ContainerInfo, Consumer<LogLine>> sinks)
            throws InterruptedException {
        boolean follow = Boolean.parseBoolean(ctx.queryParam("follow"));
        int tail = intParam(ctx, "tail", DEFAULT_TAIL);
        CountDownLatch ended = new CountDownLatch(sinks.size());
        List<Closeable> streams = new ArrayList<>();
        try {
            for (Map.Entry<ContainerInfo, Consumer<LogLine>> sink : sinks.entrySet()) {
                streams.add(server.runtime().logs(sink.getKey().id(), tail, follow, line -> {
                    try {
                        sink.getValue().accept(line);
                    } catch (RuntimeException e) {
                        // The client went away: the loop below notices, as every later line fails too.
                        ended.countDown();
                    }
                }, ended::countDown));
            }
            while (!ended.await(HEARTBEAT_MILLIS, TimeUnit.MILLISECONDS)) {
                synchronized (order) {
                    stream.heartbeat();
                }
            }
        } finally {
            for (Closeable logStream : streams) {
                try {
                    logStream.close();
                } catch (IOException | RuntimeException e) {
                    // The stream is ending either way.
                }
            }
        }
    }

    private static int intParam(Context ctx, String name, int fallback) {
        String value = ctx.queryParam(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new ApiException(400, name + ": " + value + " (expected: an integer)");
        }
    }

    private static int parseSlot(String label) {
        try {
            return label == null ? -1 : Integer.parseInt(label);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}

package dev.moor.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.javalin.config.RoutesConfig;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class UnixSocketApiTest {


    @TempDir
    Path temp;

    private final List<AutoCloseable> toClose = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : toClose.reversed()) {
            closeable.close();
        }
    }

    private Path socket() {
        return temp.resolve("run/api.sock");
    }

    private ApiServer start(Consumer<RoutesConfig> routes) {
        ApiServer server = ApiServer.builder().unixSocket(socket()).routes(routes).start();
        toClose.add(server);
        return server;
    }

    private ApiClient client() {
        ApiClient client = ApiClient.local(socket());
        toClose.add(client);
        return client;
    }

    record Deploy(String image, int replicas) {
    }

    record Line(int line, boolean released) {
    }

    @Test
    void uploadsAFileAsAStreamedBody() throws IOException {
        start(UploadRoute::install);
        Path file = UploadRoute.largeFile(temp);

        UploadRoute.assertReceived(client().upload(UploadRoute.PATH, file), file);
    }

    @Test
    void answersJsonAndKnowsTheLocalCaller() {
        start(routes -> routes.get("/apps/{app}", ctx -> ctx.json(Map.of(
                "app", ctx.pathParam("app"),
                "caller", ApiCaller.of(ctx).who()))));

        ApiResponse response = client().get("/apps/shop");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("app").asText()).isEqualTo("shop");
        assertThat(response.json().path("caller").asText()).isEqualTo(System.getProperty("user.name") + " (local)");
    }

    @Test
    void callerIsTheLocalUserRecord() {
        AtomicReference<ApiCaller> caller = new AtomicReference<>();
        start(routes -> routes.get("/whoami", ctx -> {
            caller.set(ApiCaller.of(ctx));
            ctx.status(204);
        }));

        assertThat(client().get("/whoami").status()).isEqualTo(204);

        assertThat(caller.get()).isEqualTo(new ApiCaller.LocalUser(System.getProperty("user.name")));
    }

    @Test
    void postsJsonBodies() {
        start(routes -> routes.post("/apps/{app}/deploy", ctx -> {
            Deploy deploy = ctx.bodyAsClass(Deploy.class);
            ctx.status(201).json(Map.of("app", ctx.pathParam("app"), "image", deploy.image(),
                    "replicas", deploy.replicas()));
        }));

        ApiResponse response = client().post("/apps/shop/deploy", new Deploy("shop:2", 3));

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.json(Deploy.class)).isEqualTo(new Deploy("shop:2", 3));
        assertThat(response.json().path("app").asText()).isEqualTo("shop");
    }

    @Test
    void handlerErrorsAreJsonWithTheirStatus() {
        start(routes -> routes
                .get("/conflict", ctx -> {
                    throw new ApiException(409, "a deploy of shop is already running (expected: none)");
                })
                .get("/boom", ctx -> {
                    throw new IllegalStateException("broken invariant");
                })
                .post("/body", ctx -> ctx.json(ctx.bodyAsClass(Deploy.class))));

        assertThatThrownBy(() -> client().get("/conflict"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(409))
                .hasMessage("a deploy of shop is already running (expected: none)");
        assertThatThrownBy(() -> client().get("/boom"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(500))
                .hasMessageContaining("broken invariant");
        assertThatThrownBy(() -> client().post("/body", "not an object"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageStartingWith("the request body is not the JSON expected");
    }

    @Test
    void aServerTooSlowToAnswerIs504() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        start(routes -> routes.get("/slow", ctx -> {
            release.await(20, TimeUnit.SECONDS);
            ctx.result("late");
        }));
        ApiClient impatient = new UnixSocketClient(socket(), Duration.ofMillis(300));

        try {
            assertThatThrownBy(() -> impatient.get("/slow"))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(504))
                    .hasMessage("the Moor server at " + socket() + " did not answer GET /slow within 300ms");
        } finally {
            release.countDown();
        }
    }

    @Test
    void unknownPathIsJson404() throws IOException {
        start(routes -> routes.get("/apps", ctx -> ctx.json(List.of())));

        assertThatThrownBy(() -> client().get("/nope"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404))
                .hasMessageContaining("/nope");

        String raw = rawExchange("GET /nope HTTP/1.1\r\nHost: moor\r\nConnection: close\r\n\r\n");
        assertThat(raw).startsWith("HTTP/1.1 404").containsIgnoringCase("content-type: application/json")
                .contains("{\"error\":");

        String noHost = rawExchange("GET /apps HTTP/1.1\r\nConnection: close\r\n\r\n");
        assertThat(noHost).startsWith("HTTP/1.1 400").containsIgnoringCase("content-type: application/json")
                .contains("{\"error\":");
    }

    @Test
    void streamsLinesBeforeTheHandlerEnds() throws InterruptedException {
        CountDownLatch firstLineArrived = new CountDownLatch(1);
        CountDownLatch handlerEnded = new CountDownLatch(1);
        start(routes -> routes.get("/apps/{app}/logs", ctx -> {
            NdjsonStream stream = NdjsonStream.open(ctx);
            stream.send(Map.of("line", 1));
            // The client sees line 1 only if it was sent at once: then it releases the handler.
            boolean released = firstLineArrived.await(20, TimeUnit.SECONDS);
            stream.send(new Line(2, released));
            handlerEnded.countDown();
        }));
        List<String> lines = new CopyOnWriteArrayList<>();

        client().stream("/apps/shop/logs?follow=true", line -> {
            lines.add(line);
            firstLineArrived.countDown();
        });

        assertThat(handlerEnded.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(lines).containsExactly("{\"line\":1}", "{\"line\":2,\"released\":true}");
    }

    @Test
    void aStreamThatFailsAfterItBeganEndsWithItsError() {
        start(routes -> routes.post("/apps/{app}/deploy", ctx -> {
            NdjsonStream stream = NdjsonStream.open(ctx);
            stream.send(Map.of("step", "pulled"));
            stream.heartbeat();
            throw new ApiException(422, "web did not become healthy in 60s");
        }));
        List<String> lines = new CopyOnWriteArrayList<>();

        assertThatThrownBy(() -> client().stream("POST", "/apps/shop/deploy", Map.of("image", "x"), lines::add))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(422))
                .hasMessage("web did not become healthy in 60s");
        assertThat(lines).containsExactly("{\"step\":\"pulled\"}");
    }

    @Test
    void aStreamRefusedBeforeItBeganIsAnError() {
        start(routes -> routes.get("/apps/{app}/events", ctx -> {
            throw new ApiException(404, "no app named " + ctx.pathParam("app"));
        }));

        assertThatThrownBy(() -> client().stream("/apps/ghost/events", line -> { }))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404))
                .hasMessage("no app named ghost");
    }

    @Test
    void interruptingTheClientStopsTheStreamAndTheHandler() throws InterruptedException {
        CountDownLatch handlerStopped = new CountDownLatch(1);
        start(routes -> routes.get("/events", ctx -> {
            NdjsonStream stream = NdjsonStream.open(ctx);
            try {
                for (int i = 0; i < 2_000; i++) {
                    stream.send(Map.of("event", i));
                    Thread.sleep(10);
                }
            } finally {
                handlerStopped.countDown();
            }
        }));
        List<String> lines = new CopyOnWriteArrayList<>();
        AtomicBoolean interruptedAfterwards = new AtomicBoolean();
        Thread follower = Thread.ofPlatform().start(() -> {
            client().stream("/events", lines::add);
            interruptedAfterwards.set(Thread.currentThread().isInterrupted());
        });

        await().atMost(Duration.ofSeconds(10)).until(() -> lines.size() >= 3);
        follower.interrupt();
        follower.join(10_000);

        assertThat(follower.isAlive()).isFalse();
        assertThat(interruptedAfterwards).isTrue();
        assertThat(handlerStopped.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void closingTheServerEndsItsStreams() throws InterruptedException {
        CountDownLatch handlerStopped = new CountDownLatch(1);
        ApiServer server = ApiServer.builder().unixSocket(socket())
                .routes(routes -> routes.get("/events", ctx -> {
                    NdjsonStream stream = NdjsonStream.open(ctx);
                    try {
                        while (true) {
                            stream.send(Map.of("event", "tick"));
                            Thread.sleep(20);
                        }
                    } finally {
                        handlerStopped.countDown();
                    }
                }))
                .start();
        List<String> lines = new CopyOnWriteArrayList<>();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Thread follower = Thread.ofPlatform().start(() -> {
            try {
                client().stream("/events", lines::add);
            } catch (RuntimeException e) {
                failure.set(e);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> lines.size() >= 2);

        long start = System.nanoTime();
        server.close();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        follower.join(10_000);
        assertThat(follower.isAlive()).isFalse();
        assertThat(failure.get()).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(503)).hasMessage("the Moor server is stopping");
        assertThat(handlerStopped.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(socket()).doesNotExist();
    }

    @Test
    void heartbeatsReachNoConsumer() {
        start(routes -> routes.get("/quiet", ctx -> {
            NdjsonStream stream = NdjsonStream.open(ctx);
            for (int i = 0; i < 5; i++) {
                stream.heartbeat();
            }
            stream.send(Map.of("done", true));
        }));
        List<String> lines = new CopyOnWriteArrayList<>();

        client().stream("/quiet", lines::add);

        assertThat(lines).containsExactly("{\"done\":true}");
    }

    @Test
    void aQuietStreamOutlivesTheIdleTimeout() {
        ApiServer server = ApiServer.builder().unixSocket(socket())
                .idleTimeout(Duration.ofMillis(300))
                .routes(routes -> routes.get("/quiet", ctx -> {
                    NdjsonStream stream = NdjsonStream.open(ctx);
                    stream.send(Map.of("started", true));
                    Thread.sleep(1_500);
                    stream.send(Map.of("done", true));
                }))
                .start();
        toClose.add(server);
        List<String> lines = new CopyOnWriteArrayList<>();

        client().stream("/quiet", lines::add);

        assertThat(lines).containsExactly("{\"started\":true}", "{\"done\":true}");
    }

    @Test
    void socketIsOwnerOnlyInAnOwnerOnlyDirectory() throws IOException {
        start(routes -> { });

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket().getParent())))
                .isEqualTo("rwx------");
    }

    @Test
    void aSecondServerOnALiveSocketIsRefused() {
        start(routes -> routes.get("/ping", ctx -> ctx.result("pong")));

        assertThatThrownBy(() -> ApiServer.builder().unixSocket(socket()).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("another Moor server is running (socket " + socket() + " answers)");
        assertThat(client().get("/ping").text()).isEqualTo("pong");
    }

    @Test
    void aStaleSocketFileIsReplaced() throws IOException {
        Files.createDirectories(socket().getParent(), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        // A server that died: its socket file stays, nothing listens on it.
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(socket()));
        }
        assertThat(socket()).exists();
        assertThatThrownBy(() -> client().get("/ping"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(503))
                .hasMessageContaining("no Moor server answers at " + socket());

        start(routes -> routes.get("/ping", ctx -> ctx.result("pong")));

        assertThat(client().get("/ping").text()).isEqualTo("pong");
    }

    @Test
    void refusesAPathThatIsNotASocket() throws IOException {
        Files.createDirectories(socket().getParent(), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Files.writeString(socket(), "not a socket");

        assertThatThrownBy(() -> ApiServer.builder().unixSocket(socket()).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith(socket() + " exists and is not a socket");
    }

    @Test
    void refusesADirectoryOthersCanEnter() throws IOException {
        Path shared = Files.createDirectories(temp.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThatThrownBy(() -> ApiServer.builder().unixSocket(shared.resolve("api.sock")).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has mode rwxr-xr-x (expected: rwx------");
    }

    @Test
    void closingRemovesTheSocket() {
        ApiServer server = ApiServer.builder().unixSocket(socket()).start();

        server.close();

        assertThat(socket()).doesNotExist();
        assertThatThrownBy(() -> client().get("/ping"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(503))
                .hasMessageStartingWith("no Moor server at " + socket());
    }

    @Test
    void realCurlTalksToTheSocket() throws Exception {
        start(routes -> routes
                .get("/whoami", ctx -> ctx.json(Map.of("caller", ApiCaller.of(ctx).who())))
                .get("/stream", ctx -> {
                    NdjsonStream stream = NdjsonStream.open(ctx);
                    stream.send(Map.of("n", 1));
                    stream.send(Map.of("n", 2));
                }));

        Curl.Result whoami = Curl.run("--unix-socket", socket().toString(), "http://moor/whoami");
        Curl.Result stream = Curl.run("--unix-socket", socket().toString(), "http://moor/stream");

        assertThat(whoami.exitCode()).isZero();
        assertThat(whoami.output()).isEqualTo("{\"caller\":\"" + System.getProperty("user.name") + " (local)\"}");
        assertThat(stream.output()).isEqualTo("{\"n\":1}\n{\"n\":2}\n");
    }

    private String rawExchange(String request) throws IOException {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket()))) {
            channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.ISO_8859_1)));
            StringBuilder answer = new StringBuilder();
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            while (channel.read(buffer) >= 0) {
                buffer.flip();
                answer.append(StandardCharsets.ISO_8859_1.decode(buffer));
                buffer.clear();
            }
            return answer.toString();
        }
    }
}

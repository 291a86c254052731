package dev.moor.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import io.netty.handler.codec.http.HttpMethod;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(ByteBufLeakCheck.class)
class LocalApiServerTest {

    record Greeting(String name, Instant at) {
    }

    record Echo(String name, String greeted, boolean virtualThread, Instant at) {
    }

    @TempDir
    Path dir;

    private LocalApiServer server;
    private LocalApiClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private Path socket() {
        return dir.resolve("run").resolve("moor.sock");
    }

    private LocalApiServer serve(LocalApiServerBuilder routes) {
        server = routes.socket(socket()).build();
        server.start();
        client = LocalApiClient.connect(socket());
        return server;
    }

    @Test
    void roundTripsJsonWithQueryParametersOnAVirtualThread() {
        serve(LocalApiServer.builder().route(HttpMethod.POST, "/v1/greet", request -> {
            Greeting greeting = request.json(Greeting.class);
            return ApiResponse.of(201, new Echo(request.param("name").orElseThrow(), greeting.name(),
                    Thread.currentThread().isVirtual(), greeting.at().plusSeconds(1)));
        }));

        ApiResult result = client.post("/v1/greet?name=a%20b&name=ignored",
                new Greeting("moor", Instant.parse("2025-01-02T03:04:05Z")));

        assertThat(result.status()).isEqualTo(201);
        assertThat(result.json(Echo.class)).isEqualTo(
                new Echo("a b", "moor", true, Instant.parse("2025-01-02T03:04:06Z")));
        assertThat(result.json().get("at").asText()).isEqualTo("2025-01-02T03:04:06Z");
    }

    @Test
    void answersTheStatusAndMessageOfAnApiException() {
        serve(LocalApiServer.builder().route(HttpMethod.GET, "/v1/services", request -> {
            throw new ApiException(404, "no service named " + request.param("name").orElse("?"));
        }));

        assertThatThrownBy(() -> client.get("/v1/services?name=web"))
                .asInstanceOf(type(ApiException.class))
                .satisfies(e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.getMessage()).isEqualTo("no service named web");
                });
    }

    @Test
    void answers500WithAJsonErrorWhenAHandlerFails() {
        serve(LocalApiServer.builder().route(HttpMethod.GET, "/v1/fail", request -> {
            throw new IllegalStateException("boom");
        }));

        // The client reads the message out of {"error": ...}: raw text would be the whole JSON document.
        assertThatThrownBy(() -> client.get("/v1/fail"))
                .asInstanceOf(type(ApiException.class))
                .satisfies(e -> {
                    assertThat(e.status()).isEqualTo(500);
                    assertThat(e.getMessage()).isEqualTo("GET /v1/fail failed: boom");
                });
    }

    @Test
    void answers404ForAnUnknownPathAnd405ForAWrongMethod() {
        serve(LocalApiServer.builder().route(HttpMethod.GET, "/v1/status", request -> ApiResponse.ok("up")));

        assertThat(client.get("/v1/status").json(String.class)).isEqualTo("up");
        assertThatThrownBy(() -> client.get("/v1/status/"))
                .asInstanceOf(type(ApiException.class))
                .satisfies(e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.getMessage()).isEqualTo("no such endpoint: /v1/status/");
                });
        assertThatThrownBy(() -> client.post("/v1/status", Map.of()))
                .asInstanceOf(type(ApiException.class))
                .satisfies(e -> {
                    assertThat(e.status()).isEqualTo(405);
                    assertThat(e.getMessage()).isEqualTo("method POST not allowed on /v1/status (expected: GET)");
                });
    }

    @Test
    void answers413ForABodyOverOneMebibyte() {
        serve(LocalApiServer.builder().route(HttpMethod.POST, "/v1/size",
                request -> ApiResponse.ok(request.body().length)));
        String justUnder = "x".repeat(1024 * 1024 - 2); // two bytes of JSON quotes
        String over = "x".repeat(1024 * 1024);

        assertThat(client.post("/v1/size", justUnder).json(Integer.class)).isEqualTo(1024 * 1024);
        assertThatThrownBy(() -> client.post("/v1/size", over))
                .asInstanceOf(type(ApiException.class))
                .satisfies(e -> {
                    assertThat(e.status()).isEqualTo(413);
                    assertThat(e.getMessage()).contains("request body too large");
                });
    }

    @Test
    void rejectsAMalformedJsonBodyAsTheCallersError() {
        serve(LocalApiServer.builder().route(HttpMethod.POST, "/v1/greet",
                request -> ApiResponse.ok(request.json(Greeting.class))));

        assertThatThrownBy(() -> client.post("/v1/greet", null))
                .asInstanceOf(type(ApiException.class))
                .satisfies(e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).isEqualTo("POST /v1/greet: empty request body (expected: JSON)");
                });
        assertThatThrownBy(() -> client.post("/v1/greet", Map.of("at", "yesterday")))
                .asInstanceOf(type(ApiException.class))
                .satisfies(e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).startsWith("POST /v1/greet: invalid JSON body: ");
                });
    }

    @Test
    void bindsAnOwnerOnlySocketInAnOwnerOnlyDirectoryAndDeletesItOnClose() throws Exception {
        serve(LocalApiServer.builder());

        assertThat(Files.getPosixFilePermissions(socket().getParent()))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(socket(), LinkOption.NOFOLLOW_LINKS))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));

        server.close();

        assertThat(socket()).doesNotExist();
    }

    @Test
    void refusesASecondServerOnTheSameSocketAndKeepsTheFirstOne() {
        serve(LocalApiServer.builder().route(HttpMethod.GET, "/v1/status", request -> ApiResponse.ok("first")));
        LocalApiServer second = LocalApiServer.builder().socket(socket()).build();

        assertThatThrownBy(second::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("another Moor already serves " + socket());
        second.close();

        assertThat(client.get("/v1/status").json(String.class)).isEqualTo("first");
    }

    @Test
    void replacesAStaleSocketLeftByADeadMoor() throws Exception {
        Files.createDirectories(socket().getParent());
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(socket()));
        }
        assertThat(socket()).exists();

        serve(LocalApiServer.builder().route(HttpMethod.GET, "/v1/status", request -> ApiResponse.ok("fresh")));

        assertThat(client.get("/v1/status").json(String.class)).isEqualTo("fresh");
    }

    @Test
    void refusesToReplaceAFileThatIsNotASocket() throws Exception {
        Files.createDirectories(socket().getParent());
        Files.writeString(socket(), "precious");
        LocalApiServer notASocket = LocalApiServer.builder().socket(socket()).build();

        assertThatThrownBy(notASocket::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(socket() + " exists and is not a socket");
        assertThat(socket()).hasContent("precious");
    }

    @Test
    void checksItsConfigurationEarly() {
        LocalApiServerBuilder builder = LocalApiServer.builder()
                .route(HttpMethod.GET, "/v1/status", request -> ApiResponse.ok("up"));

        assertThatThrownBy(builder::build).hasMessage(
                "socket: missing (expected: the path of the local API's Unix socket)");
        assertThatThrownBy(() -> builder.route(HttpMethod.GET, "/v1/status", request -> ApiResponse.ok("again")))
                .hasMessage("route GET /v1/status: defined twice");
        assertThatThrownBy(() -> builder.route(HttpMethod.GET, "v1/status?x=1", request -> ApiResponse.ok("")))
                .hasMessageStartingWith("route GET v1/status?x=1: invalid path");
        assertThatThrownBy(() -> builder.socket(dir.resolve("s".repeat(120))))
                .hasMessageContaining("(expected: at most 107 for a Unix socket)");
    }
}

package dev.moor.engine.health;

import dev.moor.engine.runtime.ContainerRequest;
import dev.moor.engine.runtime.ExecResult;
import dev.moor.engine.runtime.FakeContainerRuntime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class HealthProbeTest {

    private static final Duration TIMEOUT = Duration.ofMillis(500);

    /** A loopback port nothing listens on: bound once, then released. */
    private static InetSocketAddress closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
        }
    }

    @Nested
    class Http {

        private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        private final LoopbackHttpServer server = new LoopbackHttpServer();

        @AfterEach
        void close() {
            server.close();
            client.shutdownNow();
        }

        @ParameterizedTest
        @ValueSource(ints = {200, 204, 302, 399})
        void passes_on_2xx_and_3xx(int status) {
            server.answer(status);

            ProbeResult result = HttpProbe.of(client, server.address(), "/healthz?deep=1", TIMEOUT).probe();

            assertThat(result.healthy()).as(result.detail()).isTrue();
            assertThat(result.detail()).endsWith("/healthz?deep=1: " + status);
            assertThat(server.lastPath()).isEqualTo("/healthz?deep=1");
        }

        @ParameterizedTest
        @ValueSource(ints = {404, 500, 503})
        void fails_on_4xx_and_5xx(int status) {
            server.answer(status);

            ProbeResult result = HttpProbe.of(client, server.address(), "/healthz", TIMEOUT).probe();

            assertThat(result.healthy()).isFalse();
            assertThat(result.detail()).isEqualTo(
                    "GET http://127.0.0.1:" + server.address().getPort() + "/healthz: " + status);
        }

        @Test
        void fails_when_the_answer_is_slower_than_the_timeout() {
            server.delayAnswers(Duration.ofSeconds(3));

            long start = System.nanoTime();
            ProbeResult result = HttpProbe.of(client, server.address(), "/", Duration.ofMillis(200)).probe();

            assertThat(result.healthy()).isFalse();
            assertThat(result.detail()).endsWith("no answer within 200ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        }

        @Test
        void fails_when_nothing_listens() throws IOException {
            InetSocketAddress address = closedPort();

            ProbeResult result = HttpProbe.of(client, address, "/", TIMEOUT).probe();

            assertThat(result.healthy()).isFalse();
            assertThat(result.detail()).isEqualTo("GET http://127.0.0.1:" + address.getPort() + "/: connection refused");
        }

        @Test
        void brackets_an_ipv6_address() {
            HttpProbe probe = HttpProbe.of(client, new InetSocketAddress("::1", 8080), "/up", TIMEOUT);

            assertThat(probe.uri().toString()).isEqualTo("http://[0:0:0:0:0:0:0:1]:8080/up");
        }
    }

    @Nested
    class Tcp {

        @Test
        void passes_when_a_connection_is_accepted() throws IOException {
            try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());

                ProbeResult result = new TcpProbe(address, TIMEOUT).probe();

                assertThat(result.healthy()).as(result.detail()).isTrue();
                assertThat(result.detail()).isEqualTo("tcp 127.0.0.1:" + server.getLocalPort() + ": connected");
            }
        }

        @Test
        void fails_when_nothing_listens() throws IOException {
            InetSocketAddress address = closedPort();

            ProbeResult result = new TcpProbe(address, TIMEOUT).probe();

            assertThat(result.healthy()).isFalse();
            assertThat(result.detail()).isEqualTo("tcp 127.0.0.1:" + address.getPort() + ": Connection refused");
        }
    }

    @Nested
    class Command {

        private final FakeContainerRuntime runtime = new FakeContainerRuntime();
        private final String containerId;

        Command() {
            runtime.addImage("web:dev");
            containerId = runtime.createContainer(new ContainerRequest("web-0", "web:dev", List.of(), Map.of(),
                    Map.of(), "net", List.of(), Optional.empty(), "127.0.0.1", Optional.empty(), 1L << 28, 64,
                    List.of(), List.of(), Duration.ofSeconds(1)));
            runtime.startContainer(containerId);
        }

        @Test
        void passes_on_exit_code_zero_and_runs_the_command_in_the_container() {
            ProbeResult result = new CommandProbe(runtime, containerId, List.of("check", "--quick"), TIMEOUT).probe();

            assertThat(result).isEqualTo(new ProbeResult(true, "exec check --quick: exit code 0"));
            assertThat(runtime.execs(containerId)).containsExactly(List.of("check", "--quick"));
        }

        @Test
        void fails_on_another_exit_code_with_the_output() {
            runtime.onExec(containerId, argv -> new ExecResult(2, "db unreachable\n"));

            ProbeResult result = new CommandProbe(runtime, containerId, List.of("check"), TIMEOUT).probe();

            assertThat(result).isEqualTo(new ProbeResult(false, "exec check: exit code 2: db unreachable"));
        }

        @Test
        void fails_when_the_container_does_not_run() {
            runtime.kill(containerId);

            ProbeResult result = new CommandProbe(runtime, containerId, List.of("check"), TIMEOUT).probe();

            assertThat(result.healthy()).isFalse();
            assertThat(result.detail()).isEqualTo("exec check: Container " + containerId + " is not running");
        }
    }
}

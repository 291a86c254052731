package dev.moor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The edge under {@code moor up}, against the real Docker engine and real clients (HTTP client, wrk, h2load). */
@Tag("docker")
class EdgeIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newHttpClient();
    private String app;
    private MoorProcess.Up up;

    @AfterEach
    void cleanUp() throws Exception {
        if (up != null) {
            up.kill9();
        }
        Docker.removeApp(app);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Copies an example under a unique name with its edge on a free port; returns the port. */
    private int startExample(String example, MoorProcess moor) throws Exception {
        return startExample(example, moor, "");
    }

    /** The same, with {@code edgeLines} added to the example's {@code edge:} section. */
    private int startExample(String example, MoorProcess moor, String edgeLines) throws Exception {
        app = ExampleApps.uniqueName(example);
        Path dir = ExampleApps.copy(example, work, app);
        int port = freePort();
        Path spec = dir.resolve("moor.yaml");
        String edited = Files.readString(spec).replaceFirst("listen: \\d+\n", "listen: " + port + "\n" + edgeLines);
        Files.writeString(spec, edited, StandardCharsets.UTF_8);
        up = moor.up(dir.toString());
        await().atMost(MoorProcess.timeout()).untilAsserted(() -> {
            MoorProcess.Result status = moor.run("status", "--app", app, "--json");
            assertThat(status.exitCode()).as(status.err() + up.output()).isZero();
            for (JsonNode service : status.json().get("services")) {
                assertThat(service.get("healthy").asInt()).as(service.toString()).isEqualTo(service.get("desired").asInt());
            }
        });
        return port;
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theShopRoutesEachPrefixToItsServiceThroughOnePort() throws Exception {
        MoorProcess moor = new MoorProcess(Files.createDirectories(work.resolve("home")), work);
        int port = startExample("shop", moor);
        for (String service : new String[] {"balance", "sales", "orders"}) {
            HttpResponse<String> response = await().atMost(Duration.ofSeconds(20)).until(() -> get(port, "/" + service),
                    r -> r.statusCode() == 200);
            JsonNode body = JSON.readTree(response.body());
            assertThat(body.get("service").asText()).isEqualTo(service);
            assertThat(body.get("path").asText()).as("the prefix is stripped").isEqualTo("/");
            assertThat(response.headers().firstValue("x-request-id")).isPresent();
        }
        assertThat(get(port, "/nowhere").statusCode()).isEqualTo(404);
    }

    @Test
    void theEchoShowsTheForwardingHeadersTheEdgeSet() throws Exception {
        MoorProcess moor = new MoorProcess(Files.createDirectories(work.resolve("home")), work);
        int metricsPort = freePort();
        int port = startExample("echo", moor, "  metrics: " + metricsPort + "\n");
        HttpResponse<String> response = await().atMost(Duration.ofSeconds(20)).until(
                () -> get(port, "/alpha/?endpoint=%2Fbravo%2F"), r -> r.statusCode() == 200);
        // The edge's loops buffer meter samples: a scrape makes them flush first, so it counts the answer above.
        assertThat(get(metricsPort, "/metrics").body())
                .containsPattern("moor_edge_requests_total\\{route=\"routes\\[0]\",status_class=\"2xx\"} [1-9]");
        JsonNode headers = JSON.readTree(response.body()).get("incoming-headers");
        assertThat(headers.get("x-forwarded-for").asText()).isEqualTo("127.0.0.1");
        assertThat(headers.get("x-forwarded-proto").asText()).isEqualTo("http");
        assertThat(headers.get("x-forwarded-host").asText()).isEqualTo("127.0.0.1:" + port);
        assertThat(headers.get("x-forwarded-port").asText()).isEqualTo(Integer.toString(port));
        assertThat(headers.get("forwarded").asText()).contains("for=127.0.0.1").contains("proto=http");
        assertThat(headers.get("x-request-id").asText()).isNotBlank();
        assertThat(JSON.readTree(response.body()).get("calculated-return-path").asText())
                .isEqualTo("http://127.0.0.1:" + port + "/alpha/?endpoint=%2Fbravo%2F");
    }

    @Test
    void killingAReplicaUnderWrkLoadFailsNoRequest() throws Exception {
        String report = killOneOfThreeReplicasUnderLoad(port -> List.of("wrk", "-t1", "-c50", "-d12s", "--latency",
                "http://127.0.0.1:" + port + "/load"));

        Matcher requests = Pattern.compile("(\\d+) requests in").matcher(report);
        assertThat(requests.find()).as(report).isTrue();
        assertThat(Long.parseLong(requests.group(1))).as("wrk sent load").isGreaterThan(1000);
        assertThat(report).as("no failed request; the edge's access log of 5xx answers:%n%s", failedAnswers())
                .doesNotContain("Non-2xx or 3xx responses").doesNotContain("Socket errors");
    }

    @Test
    void killingAReplicaUnderHttp2LoadFailsNoStream() throws Exception {
        // h2c with prior knowledge: 50 connections, one stream at a time each.
        String report = killOneOfThreeReplicasUnderLoad(port -> List.of("h2load", "-t1", "-c50", "-m1", "-D", "12",
                "http://127.0.0.1:" + port + "/load"));

        Matcher requests = Pattern.compile("requests: \\d+ total, \\d+ started, (\\d+) done, (\\d+) succeeded, "
                + "(\\d+) failed, (\\d+) errored, (\\d+) timeout").matcher(report);
        Matcher statuses = Pattern.compile("status codes: (\\d+) 2xx, (\\d+) 3xx, (\\d+) 4xx, (\\d+) 5xx").matcher(report);
        assertThat(requests.find() && statuses.find()).as(report).isTrue();
        assertThat(Long.parseLong(requests.group(1))).as("h2load sent load").isGreaterThan(1000);
        String why = "no failed stream; the edge's access log of 5xx answers:%n%s".formatted(failedAnswers());
        assertThat(requests.group(2)).as(why).isEqualTo(requests.group(1));
        assertThat(List.of(requests.group(3), requests.group(4), requests.group(5))).as(why).containsOnly("0");
        assertThat(statuses.group(1)).as(why).isEqualTo(requests.group(1));
    }

    /**
     * Starts the echo example (three replicas), runs the load command against its edge, kills one replica three
     * seconds in, and returns the load tool's report once it finished; prints when the replica left rotation.
     */
    private String killOneOfThreeReplicasUnderLoad(IntFunction<List<String>> loadCommand) throws Exception {
        MoorProcess moor = new MoorProcess(Files.createDirectories(work.resolve("home")), work);
        int port = startExample("echo", moor);
        Path output = work.resolve("load.txt");
        Process load = new ProcessBuilder(loadCommand.apply(port)).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        Thread.sleep(3_000);
        String victim = moor.run("status", "--app", app, "--json").json().get("replicas").get(1).get("containerId").asText();
        Instant killedAt = Instant.now();
        Docker.run("kill", victim);
        assertThat(load.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String report = Files.readString(output);
        System.out.println(report);

        // The pass that records the failure publishes the status without the replica: the edge's next snapshot.
        Instant leftRotation = null;
        for (String line : moor.run("events", "--app", app, "--json", "-n", "500").out().lines().toList()) {
            JsonNode event = JSON.readTree(line);
            if (event.get("kind").asText().equals("replica.failed")) {
                leftRotation = Instant.parse(event.get("at").asText());
            }
        }
        assertThat(leftRotation).as(up.output()).isNotNull();
        System.out.println("the killed replica left rotation " + Duration.between(killedAt, leftRotation).toMillis()
                + " ms after docker kill");
        return report;
    }

    private String failedAnswers() {
        return up.output().lines().filter(line -> line.contains("\"status\":5")).collect(Collectors.joining("\n"));
    }
}

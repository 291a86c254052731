package dev.moor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The edge as users run it, in its container beside a Moor server, against the real Docker engine and real clients
 * (an HTTP client, wrk, h2load).
 */
@Tag("docker")
class EdgeIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newHttpClient();
    private String app;
    private MoorProcess moor;
    private int metricsPort;

    @BeforeEach
    void serverWithMetrics() throws Exception {
        Path home = Files.createDirectories(work.resolve("home"));
        metricsPort = MoorProcess.freePort();
        Files.writeString(home.resolve("server.yaml"), "edge:\n  metrics: " + metricsPort + "\n");
        moor = new MoorProcess(home, work);
    }

    @AfterEach
    void cleanUp() throws Exception {
        moor.cleanUp();
        Docker.removeApp(app);
    }

    /** Copies an example under a unique name with its edge on a free port, brings it up; returns the port. */
    private int startExample(String example) throws Exception {
        app = ExampleApps.uniqueName(example);
        int port = MoorProcess.freePort();
        moor.up(ExampleApps.copy(example, work, app, port));
        moor.installation();
        return port;
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** What the edge counted for the app's first route, answers of 2xx. */
    private long served() throws Exception {
        String metrics = get(metricsPort, "/metrics").body();
        Matcher count = Pattern.compile("moor_edge_requests_total\\{route=\"" + Pattern.quote(app + "/routes[0]")
                + "\",status_class=\"2xx\"} ([0-9.E]+)").matcher(metrics);
        return count.find() ? (long) Double.parseDouble(count.group(1)) : 0;
    }

    private void awaitLoadRunning() {
        await().atMost(Duration.ofSeconds(20)).until(() -> served() > 500);
    }

    @Test
    void theShopRoutesEachPrefixToItsServiceThroughOnePortAndTheAccessLogGoesToTheFileTheServerNames()
            throws Exception {
        // A directory outside MOOR_HOME that does not exist yet: the server makes it and mounts it into the edge.
        Path accessLog = work.resolve("logs/edge/access.log");
        Files.writeString(work.resolve("home/server.yaml"), "edge:\n  metrics: " + metricsPort + "\n  access_log: "
                + accessLog + "\n");
        int port = startExample("shop");
        for (String service : new String[] {"balance", "sales", "orders"}) {
            HttpResponse<String> response = await().atMost(Duration.ofSeconds(20)).until(() -> get(port, "/" + service),
                    r -> r.statusCode() == 200);
            JsonNode body = JSON.readTree(response.body());
            assertThat(body.get("service").asText()).isEqualTo(service);
            assertThat(body.get("path").asText()).as("the prefix is stripped").isEqualTo("/");
            assertThat(response.headers().firstValue("x-request-id")).isPresent();
        }
        assertThat(get(port, "/nowhere").statusCode()).isEqualTo(404);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(accessLog).exists());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<JsonNode> entries = Files.readAllLines(accessLog).stream().map(EdgeIT::json).toList();
            assertThat(entries).anySatisfy(entry -> {
                assertThat(entry.get("path").asText()).isEqualTo("/nowhere");
                assertThat(entry.get("status").asInt()).isEqualTo(404);
            });
            assertThat(entries).anySatisfy(entry -> {
                assertThat(entry.get("path").asText()).isEqualTo("/orders");
                assertThat(entry.get("status").asInt()).isEqualTo(200);
                assertThat(entry.get("route").asText()).startsWith(app + "/routes[");
            });
        });
        assertThat(moor.run("logs", "--edge").out()).as("the access log is in its file only")
                .doesNotContain("/nowhere");
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theEchoShowsTheForwardingHeadersTheEdgeSetAndTheEdgeCountsIt() throws Exception {
        int port = startExample("echo");
        HttpResponse<String> response = await().atMost(Duration.ofSeconds(20)).until(
                () -> get(port, "/alpha/?endpoint=%2Fbravo%2F"), r -> r.statusCode() == 200);
        // The edge's loops buffer meter samples: a scrape makes them flush first, so it counts the answer above.
        assertThat(served()).isPositive();
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
        int port = startExample("echo");
        Load load = Load.wrk("http://127.0.0.1:" + port + "/load", 50, 12, false, work.resolve("wrk.txt"));
        String report = killOneOfThreeReplicasUnder(load);

        Load.WrkFigures figures = Load.WrkFigures.of(report);
        assertThat(figures.requests()).as("wrk sent load").isGreaterThan(1000);
        assertThat(figures.non2xx() + figures.socketErrors())
                .as("no failed request; the edge's log of 5xx answers:%n%s", failedAnswers()).isZero();
    }

    @Test
    void killingAReplicaUnderHttp2LoadFailsNoStream() throws Exception {
        int port = startExample("echo");
        // h2c with prior knowledge: 50 connections, one stream at a time each.
        Load load = Load.h2load("http://127.0.0.1:" + port + "/load", 50, 12, work.resolve("h2load.txt"));
        String report = killOneOfThreeReplicasUnder(load);

        Matcher requests = Pattern.compile("requests: \\d+ total, \\d+ started, (\\d+) done, (\\d+) succeeded, "
                + "(\\d+) failed, (\\d+) errored, (\\d+) timeout").matcher(report);
        Matcher statuses = Pattern.compile("status codes: (\\d+) 2xx, (\\d+) 3xx, (\\d+) 4xx, (\\d+) 5xx").matcher(report);
        assertThat(requests.find() && statuses.find()).as(report).isTrue();
        assertThat(Long.parseLong(requests.group(1))).as("h2load sent load").isGreaterThan(1000);
        String why = "no failed stream; the edge's log of 5xx answers:%n%s".formatted(failedAnswers());
        assertThat(requests.group(2)).as(why).isEqualTo(requests.group(1));
        assertThat(java.util.List.of(requests.group(3), requests.group(4), requests.group(5))).as(why).containsOnly("0");
        assertThat(statuses.group(1)).as(why).isEqualTo(requests.group(1));
    }

    @Test
    void restartingTheEdgeUnderLoadFailsNoRequestOnKeptOrNewConnections() throws Exception {
        int port = startExample("echo");
        String edgeBefore = moor.serverStatus().get("edge").get("containers").get(0).get("name").asText();
        Process oldEdgeLog = Docker.followLog(edgeBefore, work.resolve("old-edge.log"));
        Load kept = Load.wrk("http://127.0.0.1:" + port + "/kept", 20, 15, false, work.resolve("kept.txt"));
        Load fresh = Load.wrk("http://127.0.0.1:" + port + "/fresh", 10, 15, true, work.resolve("fresh.txt"));
        awaitLoadRunning();

        MoorProcess.Result restart = moor.run("edge", "restart");

        assertThat(restart.exitCode()).as(restart.err() + moor.serverLog()).isZero();
        assertThat(restart.out()).as("the steps of the replacement").contains("started the edge moor-edge-")
                .contains("serves snapshot").contains("on the listening sockets it took over")
                .contains("stopping the previous edge " + edgeBefore);
        String keptReport = kept.report();
        String freshReport = fresh.report();
        oldEdgeLog.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        oldEdgeLog.destroy();
        Load.WrkFigures keptFigures = Load.WrkFigures.of(keptReport);
        Load.WrkFigures freshFigures = Load.WrkFigures.of(freshReport);
        System.out.println("edge restart under load: keep-alive " + keptFigures + ", Connection: close " + freshFigures);
        String why = "%nkeep-alive:%n%s%nConnection: close:%n%s%nthe old edge's log (failed answers and the rest):%n%s"
                + "%nthe new edge's log:%n%s%nthe server's log:%n%s";
        Object[] evidence = {keptReport, freshReport, notAnswered2xx(Files.readString(work.resolve("old-edge.log"))),
                notAnswered2xx(moor.run("logs", "--edge", "-n", "5000").out()), moor.serverLog()};
        assertThat(keptFigures.requests()).as(why, evidence).isGreaterThan(1000);
        assertThat(freshFigures.requests()).as(why, evidence).isGreaterThan(100);
        assertThat(keptFigures.non2xx() + keptFigures.socketErrors()).as("keep-alive" + why, evidence).isZero();
        assertThat(freshFigures.non2xx() + freshFigures.socketErrors()).as("a new connection per request" + why,
                evidence).isZero();
        JsonNode edges = moor.serverStatus().get("edge").get("containers");
        assertThat(edges).hasSize(1);
        assertThat(edges.get(0).get("name").asText()).isNotEqualTo(edgeBefore);
    }

    /**
     * Runs the load against the echo example's three replicas, kills one once the edge has served 500 requests,
     * and returns the load tool's report once it finished; prints when the replica left rotation.
     */
    private String killOneOfThreeReplicasUnder(Load load) throws Exception {
        awaitLoadRunning();
        String victim = moor.run("status", "--app", app, "--json").json().get("replicas").get(1).get("containerId").asText();
        Instant killedAt = Instant.now();
        Docker.run("kill", victim);
        String report = load.report();
        System.out.println(report);

        // The pass that records the failure publishes the status without the replica: the edge's next snapshot.
        Instant leftRotation = null;
        for (String line : moor.run("events", "--app", app, "--json", "-n", "500").out().lines().toList()) {
            JsonNode event = JSON.readTree(line);
            if (event.get("kind").asText().equals("replica.failed")) {
                leftRotation = Instant.parse(event.get("at").asText());
            }
        }
        assertThat(leftRotation).as(moor.serverLog()).isNotNull();
        System.out.println("the killed replica left rotation " + Duration.between(killedAt, leftRotation).toMillis()
                + " ms after docker kill");
        return report;
    }

    /** A log's lines but the access log's entries of answers 200: what went wrong among what went right. */
    private static String notAnswered2xx(String log) {
        return log.lines().filter(line -> !line.contains("\"status\":200")).limit(400)
                .collect(Collectors.joining("\n"));
    }

    private String failedAnswers() throws Exception {
        return moor.run("logs", "--edge", "-n", "5000").out().lines()
                .filter(line -> line.contains("\"status\":5")).collect(Collectors.joining("\n"));
    }
}

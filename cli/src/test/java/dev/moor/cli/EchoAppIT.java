package dev.moor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The echo example on a Moor server, against the real Docker engine: the scenarios of "done when" of the core
 * issue, in order, on one app, with the server killed and started again in between.
 */
@Tag("docker")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EchoAppIT {
    private static final Pattern REPLACED_AFTER = Pattern.compile("replaces the replica that stopped (\\d+) ms before");

    private final String app = ExampleApps.uniqueName("echo");
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private Path work;
    private Path dir;
    private MoorProcess moor;
    private int port;

    @BeforeAll
    void copyTheExample() throws Exception {
        work = Files.createTempDirectory("moor-it-");
        Path home = Files.createDirectories(work.resolve("home"));
        port = MoorProcess.freePort();
        dir = ExampleApps.copy("echo", work, app, port);
        moor = new MoorProcess(home, work);
    }

    @AfterAll
    void cleanUp() throws Exception {
        moor.cleanUp();
        Docker.removeApp(app);
    }

    private String events() throws Exception {
        return moor.run("events", "--app", app, "-n", "500").out();
    }

    private JsonNode status() throws Exception {
        MoorProcess.Result result = moor.run("status", "--app", app, "--json");
        assertThat(result.exitCode()).as(result.err()).isZero();
        return result.json();
    }

    private void awaitHealthy(int replicas) {
        await().atMost(MoorProcess.timeout()).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode service = status().get("services").get(0);
            assertThat(service.get("healthy").asInt()).as(moor.serverLog()).isEqualTo(replicas);
            assertThat(service.get("running").asInt()).isEqualTo(replicas);
            assertThat(status().get("replicas")).hasSize(replicas);
        });
    }

    private String containerOfSlot(int slot) throws Exception {
        for (JsonNode replica : status().get("replicas")) {
            if (replica.get("slot").asInt() == slot) {
                return replica.get("containerId").asText();
            }
        }
        throw new AssertionError("no replica in slot " + slot + ": " + status());
    }

    private List<String> runningIds() throws Exception {
        List<String> ids = new ArrayList<>();
        for (JsonNode replica : status().get("replicas")) {
            ids.add(replica.get("containerId").asText());
        }
        ids.sort(null);
        return ids;
    }

    @Test
    @Order(1)
    void upStartsAServerAndBringsThreeHealthyReplicasThatAnswerThroughTheEdge() throws Exception {
        MoorProcess.Result up = moor.up(dir);
        assertThat(up.out()).contains("started a Moor server in the background").contains("done: ");
        moor.installation();
        awaitHealthy(3);
        JsonNode service = status().get("services").get(0);
        assertThat(service.get("endpoints")).hasSize(3);
        List<String> servedBy = new ArrayList<>();
        for (JsonNode endpoint : service.get("endpoints")) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://" + endpoint.asText() + "/hello?x=1"))
                    .header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "example.com").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode body = json.readTree(response.body());
            assertThat(body.get("status-code").asInt()).isEqualTo(200);
            assertThat(body.get("calculated-return-path").asText()).isEqualTo("https://example.com/hello?x=1");
            assertThat(body.get("incoming-headers").get("x-forwarded-host").asText()).isEqualTo("example.com");
            servedBy.add(body.get("served-by").asText());
        }
        assertThat(servedBy).doesNotHaveDuplicates();
        assertThat(Docker.run("network", "inspect", "moor-" + app, "--format", "{{.Driver}}")).isEqualTo("bridge");
        HttpResponse<String> throughEdge = await().atMost(Duration.ofSeconds(30)).until(() -> http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/hello")).build(), HttpResponse.BodyHandlers.ofString()),
                response -> response.statusCode() == 200);
        assertThat(json.readTree(throughEdge.body()).get("incoming-headers").get("x-forwarded-port").asText())
                .isEqualTo(Integer.toString(port));
    }

    @Test
    @Order(2)
    void aKilledReplicaIsReplacedAndHealthyAgain() throws Exception {
        String victim = containerOfSlot(1);
        Docker.run("kill", victim);
        await().atMost(MoorProcess.timeout()).untilAsserted(() -> assertThat(containerOfSlot(1)).isNotEqualTo(victim));
        awaitHealthy(3);
        String events = events();
        Matcher matcher = REPLACED_AFTER.matcher(events);
        assertThat(matcher.find()).as(events).isTrue();
        System.out.println("replacement of a killed replica started " + matcher.group(1) + " ms after it died");
    }

    @Test
    @Order(3)
    void aForceRemovedReplicaIsRepaired() throws Exception {
        String victim = containerOfSlot(2);
        Docker.run("rm", "-f", victim);
        await().atMost(MoorProcess.timeout()).untilAsserted(() -> assertThat(containerOfSlot(2)).isNotEqualTo(victim));
        awaitHealthy(3);
    }

    @Test
    @Order(4)
    void afterKill9OfTheServerAStartedServerAdoptsTheSameContainers() throws Exception {
        List<String> before = runningIds();
        long eventsBefore = events().lines().count();
        moor.kill9Server();
        MoorProcess.Result start = moor.run("server", "start");
        assertThat(start.exitCode()).as(start.err()).isZero();
        awaitHealthy(3);
        assertThat(runningIds()).isEqualTo(before);
        assertThat(Docker.containersOf(app)).hasSize(3);
        List<String> newEvents = events().lines().skip(eventsBefore).toList();
        assertThat(newEvents).noneMatch(line -> line.contains("replica.started") || line.contains("replica.removed"));
    }

    /**
     * Docker's restart policy leaves a container that {@code docker kill} stopped: the server starts the same edge
     * again as soon as the engine reports its death, not at its next pass (ten minutes away here).
     */
    @Test
    @Order(5)
    void aKilledEdgeIsStartedAgainAtOnceAndServes() throws Exception {
        assertThat(moor.run("server", "stop").exitCode()).isZero();
        MoorProcess.Result start = moor.run("server", "start", "--resync", "10m");
        assertThat(start.exitCode()).as(start.err()).isZero();
        String edge = Docker.run("ps", "-q", "--no-trunc", "--filter", "label=moor.owner=" + moor.installation(),
                "--filter", "label=moor.role=edge");
        assertThat(edge).as("one running edge container").matches("[0-9a-f]{64}");
        await().atMost(Duration.ofSeconds(30)).until(() -> serves("/hello"));

        long killedAt = System.nanoTime();
        Docker.run("kill", edge);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> serves("/hello"));
        System.out.println("a killed edge served again after " + (System.nanoTime() - killedAt) / 1_000_000 + " ms");

        assertThat(Docker.run("inspect", "-f", "{{.State.Running}} {{.RestartCount}}", edge)).startsWith("true");
        assertThat(Docker.run("ps", "-q", "--no-trunc", "--filter", "label=moor.owner=" + moor.installation(),
                "--filter", "label=moor.role=edge")).isEqualTo(edge);
        assertThat(moor.serverLog()).contains("started the stopped edge");
    }

    private boolean serves(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    @Order(6)
    void psLogsScaleAndEventsTalkToTheRunningMoor() throws Exception {
        MoorProcess.Result ps = moor.run("ps", "--app", app);
        assertThat(ps.out()).contains(app + "-echo-0-").contains("healthy");
        MoorProcess.Result logs = moor.run("logs", "--app", app, "echo", "-n", "1");
        assertThat(logs.exitCode()).as(logs.err()).isZero();
        assertThat(logs.out()).contains("echo-0 | ").contains("echo-1 | ").contains("echo-2 | ");
        MoorProcess.Result jsonLogs = moor.run("logs", "--app", app, "echo", "-n", "1", "--json");
        assertThat(jsonLogs.out().lines().findFirst().orElseThrow()).contains("\"service\":\"echo\"").contains("\"stream\":\"stdout\"");

        MoorProcess.Result scale = moor.run("scale", "--app", app, "echo=1");
        assertThat(scale.out()).contains("echo scaled to 1");
        awaitHealthy(1);
        MoorProcess.Result events = moor.run("events", "--app", app, "--json", "-n", "200");
        assertThat(events.out()).contains("\"kind\":\"revision.accepted\"").contains("\"kind\":\"replica.failed\"");

        MoorProcess.Result wrong = moor.run("scale", "--app", app, "nope=2");
        assertThat(wrong.exitCode()).isEqualTo(1);
        assertThat(wrong.err()).contains("no service nope in app " + app);
    }

    @Test
    @Order(7)
    void downRemovesTheContainersAndTheNetworkAndTheServerForgetsTheApp() throws Exception {
        MoorProcess.Result down = moor.run("down", "--app", app);
        assertThat(down.exitCode()).as(down.err()).isZero();
        assertThat(down.out()).contains("removed 1 container(s) of " + app);
        assertThat(Docker.containersOf(app)).isEmpty();
        MoorProcess.Result status = moor.run("status", "--app", app);
        assertThat(status.exitCode()).isEqualTo(1);
        assertThat(status.err()).contains("no app " + app);
        assertThat(moor.run("apps").out()).doesNotContain(app);
    }
}

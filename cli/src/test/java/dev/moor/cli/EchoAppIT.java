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
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The echo example under {@code moor up}, against the real Docker engine: the scenarios of "done when" of
 * the core issue, in order, on one app.
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
    private MoorProcess.Up up;

    @BeforeAll
    void copyTheExample() throws Exception {
        work = Files.createTempDirectory("moor-it-");
        Path home = Files.createDirectories(work.resolve("home"));
        dir = ExampleApps.copy("echo", work, app);
        moor = new MoorProcess(home, work);
    }

    @AfterAll
    void cleanUp() throws Exception {
        if (up != null) {
            up.kill9();
        }
        Docker.removeApp(app);
    }

    private JsonNode status() throws Exception {
        MoorProcess.Result result = moor.run("status", "--app", app, "--json");
        assertThat(result.exitCode()).as(result.err()).isZero();
        return result.json();
    }

    private void awaitHealthy(int replicas) {
        await().atMost(MoorProcess.timeout()).pollInterval(java.time.Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode service = status().get("services").get(0);
            assertThat(service.get("healthy").asInt()).as(up.output()).isEqualTo(replicas);
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
    void upBringsThreeHealthyReplicasThatAnswer() throws Exception {
        up = moor.up(dir.toString());
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
    }

    @Test
    @Order(2)
    void aKilledReplicaIsReplacedAndHealthyAgain() throws Exception {
        String victim = containerOfSlot(1);
        Docker.run("kill", victim);
        await().atMost(MoorProcess.timeout()).untilAsserted(() -> assertThat(containerOfSlot(1)).isNotEqualTo(victim));
        awaitHealthy(3);
        Matcher matcher = REPLACED_AFTER.matcher(up.output());
        assertThat(matcher.find()).as(up.output()).isTrue();
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
    void afterKill9UpAgainAdoptsTheSameContainers() throws Exception {
        List<String> before = runningIds();
        up.kill9();
        up = moor.up(dir.toString());
        awaitHealthy(3);
        assertThat(runningIds()).isEqualTo(before);
        assertThat(Docker.containersOf(app)).hasSize(3);
        assertThat(up.output()).doesNotContain("replica.started").doesNotContain("replica.removed");
    }

    @Test
    @Order(5)
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
    @Order(6)
    void downStopsMoorAndRemovesTheContainersAndTheNetwork() throws Exception {
        MoorProcess.Result down = moor.run("down", "--app", app);
        assertThat(down.exitCode()).as(down.err()).isZero();
        assertThat(down.out()).contains("removed 1 container(s) of " + app);
        assertThat(up.process().waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(Docker.containersOf(app)).isEmpty();
        MoorProcess.Result status = moor.run("status", "--app", app);
        assertThat(status.exitCode()).isEqualTo(1);
        assertThat(status.err()).contains("no running Moor for app " + app);
        up = null;
    }
}

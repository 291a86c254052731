package dev.moor.cli;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every example of the repository builds here (no registry) and comes up healthy under moor up. */
@Tag("docker")
class ExamplesIT {
    @TempDir
    Path work;

    private String app;
    private MoorProcess.Up up;

    @AfterEach
    void cleanUp() throws Exception {
        if (up != null) {
            up.kill9();
        }
        Docker.removeApp(app);
    }

    @ParameterizedTest
    @CsvSource({"website, /, Example University", "shop, /, \"service\": \"balance\""})
    void theExampleComesUpHealthyAndServes(String example, String path, String expectedText) throws Exception {
        app = ExampleApps.uniqueName(example);
        MoorProcess moor = new MoorProcess(Files.createDirectories(work.resolve("home")), work);
        up = moor.up(ExampleApps.copy(example, work, app).toString());
        await().atMost(MoorProcess.timeout()).untilAsserted(() -> {
            MoorProcess.Result result = moor.run("status", "--app", app, "--json");
            assertThat(result.exitCode()).as(result.err() + up.output()).isZero();
            for (JsonNode service : result.json().get("services")) {
                assertThat(service.get("healthy").asInt()).as(service.toString()).isEqualTo(service.get("desired").asInt());
            }
        });
        JsonNode first = moor.run("status", "--app", app, "--json").json().get("services").get(0);
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://" + first.get("endpoints").get(0).asText() + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains(expectedText);
        assertThat(moor.run("down", "--app", app).exitCode()).isZero();
        up = null;
    }
}

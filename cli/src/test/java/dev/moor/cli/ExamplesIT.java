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
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every example of the repository builds here (no registry), comes up healthy under moor up and serves through the edge. */
@Tag("docker")
class ExamplesIT {
    @TempDir
    Path work;

    private String app;
    private MoorProcess moor;

    @AfterEach
    void cleanUp() throws Exception {
        moor.cleanUp();
        Docker.removeApp(app);
    }

    @ParameterizedTest
    @CsvSource({"website, /, Example University", "shop, /balance, \"service\": \"balance\""})
    void theExampleComesUpHealthyAndServes(String example, String path, String expectedText) throws Exception {
        app = ExampleApps.uniqueName(example);
        moor = new MoorProcess(Files.createDirectories(work.resolve("home")), work);
        int port = MoorProcess.freePort();
        moor.up(ExampleApps.copy(example, work, app, port));
        moor.installation();
        MoorProcess.Result result = moor.run("status", "--app", app, "--json");
        assertThat(result.exitCode()).as(result.err()).isZero();
        for (JsonNode service : result.json().get("services")) {
            assertThat(service.get("healthy").asInt()).as(service.toString()).isEqualTo(service.get("desired").asInt());
        }
        HttpResponse<String> response = await().atMost(Duration.ofSeconds(30)).until(() -> HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                        HttpResponse.BodyHandlers.ofString()), r -> r.statusCode() == 200);
        assertThat(response.body()).contains(expectedText);
        assertThat(moor.run("down", "--app", app).exitCode()).isZero();
    }
}

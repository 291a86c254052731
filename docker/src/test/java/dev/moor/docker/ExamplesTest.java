package dev.moor.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moor.engine.runtime.ContainerInfo;
import dev.moor.engine.runtime.ImageBuild;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** The examples build through {@link DockerRuntime} on the local base images and answer as documented. */
@Tag("docker")
class ExamplesTest {

    private static final Path REPOSITORY = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static DockerTestRun run;
    private static DockerRuntime runtime;
    private static HttpClient http;

    @BeforeAll
    static void baseImages() throws Exception {
        Path script = REPOSITORY.resolve("scripts/base-images");
        assertThat(script).isExecutable();
        Path log = Files.createTempFile("moor-base-images", ".log");
        Process process = new ProcessBuilder(script.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean finished = process.waitFor(5, TimeUnit.MINUTES);
        String output = Files.readString(log);
        Files.delete(log);
        assertThat(finished).as("scripts/base-images finished within 5 minutes: %s", output).isTrue();
        assertThat(process.exitValue()).as("scripts/base-images: %s", output).isZero();
        run = new DockerTestRun();
        runtime = run.runtime;
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void cleanUp() {
        if (http != null) {
            http.close();
        }
        if (run != null) {
            run.close();
        }
    }

    @Test
    void echoAnswersWithWhatItSawAndStopsGracefully() throws Exception {
        String image = build("echo", Map.of());
        String id = run.run(run.container("echo", image).port(8080).memory(128L * 1024 * 1024).pids(128));
        URI base = ready(id);

        JsonNode plain = json(get(base.resolve("/cart?id=7")));
        assertThat(plain.get("calculated-return-path").asText()).isEqualTo(base + "/cart?id=7");
        assertThat(plain.get("served-by").asText()).isEqualTo(id.substring(0, 12));
        assertThat(plain.get("status-code").asInt()).isEqualTo(200);
        assertThat(Instant.parse(plain.get("timestamp").asText())).isBetween(Instant.now().minusSeconds(30), Instant.now());
        assertThat(plain.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(plain.get("incoming-headers").get("host").asText()).isEqualTo(base.getAuthority());

        JsonNode slide = json(get(base.resolve("/alpha/?endpoint=%2Fbravo%2F"),
                "X-Forwarded-Proto", "http", "X-Forwarded-Host", "d1phq4yrkrmw68.cloudfront.net",
                "X-Forwarded-Port", "80", "CloudFront-Viewer-Country", "US"));
        assertThat(slide.get("calculated-return-path").asText())
                .isEqualTo("http://d1phq4yrkrmw68.cloudfront.net/alpha/?endpoint=%2Fbravo%2F");
        assertThat(slide.get("incoming-headers").get("cloudfront-viewer-country").asText()).isEqualTo("US");
        assertThat(slide.get("incoming-headers").get("x-forwarded-host").asText()).isEqualTo("d1phq4yrkrmw68.cloudfront.net");

        JsonNode prefixed = json(get(base.resolve("/cart?id=7"), "X-Forwarded-Proto", "https",
                "X-Forwarded-Host", "shop.example.com", "X-Forwarded-Port", "8443", "X-Forwarded-Prefix", "/api/"));
        assertThat(prefixed.get("calculated-return-path").asText()).isEqualTo("https://shop.example.com:8443/api/cart?id=7");

        JsonNode forwarded = json(get(base.resolve("/cart?id=7"),
                "Forwarded", "for=192.0.2.60;proto=https;host=\"example.org:443\", for=10.0.0.1;proto=http",
                "X-Forwarded-Host", "ignored.example.com"));
        assertThat(forwarded.get("calculated-return-path").asText()).isEqualTo("https://example.org/cart?id=7");

        HttpResponse<String> health = get(base.resolve("/healthz"));
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("ok\n");
        assertThat(logs(id)).anyMatch(line -> line.contains("\"GET /cart?id=7\" 200"));

        long stopping = System.nanoTime();
        runtime.stopContainer(id, Duration.ofSeconds(10));
        assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(Duration.ofSeconds(5));
        ContainerInfo stopped = runtime.inspectContainer(id).orElseThrow();
        assertThat(stopped.exitCode()).isEqualTo(143);
        assertThat(logs(id).getLast()).endsWith(" stopped");
    }

    @Test
    void websiteServesItsPages() throws Exception {
        String image = build("website", Map.of());
        String id = run.run(run.container("website", image).port(8080).memory(32L * 1024 * 1024));
        URI base = ready(id);

        HttpResponse<String> index = get(base.resolve("/"));
        assertThat(index.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(index.body()).contains("<h1>Example University</h1>", "href=\"/about.html\"");
        assertThat(get(base.resolve("/about.html")).body()).contains("three small");
        assertThat(get(base.resolve("/style.css")).headers().firstValue("Content-Type")).contains("text/css");
        assertThat(get(base.resolve("/missing.html")).statusCode()).isEqualTo(404);

        long stopping = System.nanoTime();
        runtime.stopContainer(id, Duration.ofSeconds(10));
        assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void shopServicesAnswerTheirOwnJson() throws Exception {
        String image = build("shop", Map.of("SERVICE", "balance"));
        String id = run.run(run.container("shop-balance", image).port(8080).memory(32L * 1024 * 1024));
        URI base = ready(id);

        HttpResponse<String> balance = get(base.resolve("/"));
        assertThat(balance.headers().firstValue("Content-Type")).contains("application/json");
        JsonNode answer = json(balance);
        assertThat(answer.get("service").asText()).isEqualTo("balance");
        assertThat(answer.get("served-by").asText()).isEqualTo(id.substring(0, 12));
        assertThat(answer.get("path").asText()).isEqualTo("/");
        assertThat(answer.get("data").get("currency").asText()).isEqualTo("EUR");
    }

    private static String build(String example, Map<String, String> args) {
        String tag = run.imageTag(example);
        List<String> progress = new CopyOnWriteArrayList<>();
        String id = runtime.buildImage(new ImageBuild(REPOSITORY.resolve("examples").resolve(example), "Dockerfile",
                args, List.of(tag), run.labels()), progress::add);
        assertThat(id).as("build output: %s", progress).startsWith("sha256:");
        return tag;
    }

    /** The replica's base URL once its health check answers. */
    private static URI ready(String id) {
        var address = runtime.inspectContainer(id).orElseThrow().publishedPort().orElseThrow();
        URI base = URI.create("http://127.0.0.1:" + address.getPort());
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> get(base.resolve("/healthz")).statusCode() == 200);
        return base;
    }

    private static HttpResponse<String> get(URI uri, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static List<String> logs(String id) {
        List<String> lines = new CopyOnWriteArrayList<>();
        AtomicInteger ends = new AtomicInteger();
        runtime.logs(id, -1, false, line -> lines.add(line.text()), ends::incrementAndGet);
        await().atMost(PATIENCE).untilAtomic(ends, equalTo(1));
        return List.copyOf(lines);
    }
}

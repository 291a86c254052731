package dev.moor.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The website example's pages in the edge's cache, through the edge's container: a page is a MISS, then a HIT;
 * with every replica of the site stopped, the cached pages still answer 200
 * with their stale content and X-Cache: STALE (seed 000's outage), and a page never cached gets the edge's 503;
 * {@code moor cache purge} then takes the stored pages away.
 */
@Tag("docker")
class CacheIT {
    @TempDir
    Path work;

    private String app;
    private MoorProcess moor;

    @AfterEach
    void cleanUp() throws Exception {
        moor.cleanUp();
        Docker.removeApp(app);
    }

    @Test
    void cachedPagesOutliveEveryReplica() throws Exception {
        app = ExampleApps.uniqueName("website");
        Path home = Files.createDirectories(work.resolve("home"));
        moor = new MoorProcess(home, work);
        int port = MoorProcess.freePort();
        Path dir = ExampleApps.copy("website", work, app, port);
        moor.up(dir);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        HttpResponse<String> first = await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> get(client, port, "/about.html"), response -> response.statusCode() == 200);
        assertThat(first.headers().firstValue("x-cache")).hasValue("MISS");
        HttpResponse<String> again = get(client, port, "/about.html");
        assertThat(again.headers().firstValue("x-cache")).hasValue("HIT");
        assertThat(again.body()).isEqualTo(first.body());

        Path spec = dir.resolve("moor.yaml");
        Files.writeString(spec, Files.readString(spec, StandardCharsets.UTF_8).replace("replicas: 3", "replicas: 0"),
                StandardCharsets.UTF_8);
        moor.up(dir);
        await().atMost(Duration.ofSeconds(60)).until(() -> Docker.runningReplicas(app) == 0);

        // The client asks to revalidate, so a fresh copy too must go upstream: none answers, the stored page does.
        HttpResponse<String> stale = client.send(HttpRequest.newBuilder(uri(port, "/about.html"))
                .header("Cache-Control", "max-age=0").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.headers().firstValue("x-cache")).hasValue("STALE");
        assertThat(stale.body()).isEqualTo(first.body());
        assertThat(get(client, port, "/never-cached.html").statusCode()).isEqualTo(503);

        // Purged, the stored pages are gone from the edge: nothing answers them any more.
        MoorProcess.Result other = moor.run("cache", "purge", "--app", app, "/index.html");
        assertThat(other.exitCode()).as(other.err()).isZero();
        assertThat(other.out()).containsPattern("edge \\S+: removed 0 stored URL\\(s\\)");
        assertThat(get(client, port, "/about.html").statusCode()).isEqualTo(200);
        MoorProcess.Result purged = moor.run("cache", "purge", "--app", app, "routes[0]");
        assertThat(purged.exitCode()).as(purged.err()).isZero();
        assertThat(purged.out()).containsPattern("edge \\S+: removed [1-9]\\d* stored URL\\(s\\)");
        assertThat(get(client, port, "/about.html").statusCode()).isEqualTo(503);
        MoorProcess.Result unknown = moor.run("cache", "purge", "--app", app, "routes[7]");
        assertThat(unknown.exitCode()).isEqualTo(MoorCommand.FAILED);
        assertThat(unknown.err()).contains("route routes[7]: app " + app + " has 1 route(s) (expected: routes[0])");
    }

    private static URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static HttpResponse<String> get(HttpClient client, int port, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(port, path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}

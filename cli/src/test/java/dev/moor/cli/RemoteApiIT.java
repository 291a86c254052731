package dev.moor.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Commands run remotely over mutual TLS with a client bundle of the server's own CA, and only with one. */
@Tag("docker")
class RemoteApiIT {
    @TempDir
    Path work;

    private MoorProcess moor;

    @AfterEach
    void cleanUp() throws Exception {
        moor.cleanUp();
    }

    @Test
    void aCommandRunsRemotelyWithABundleOfTheServersCaAndIsRefusedWithoutOneWithAnotherOrAnExpiredOne() throws Exception {
        String server = startServerWithRemoteApi();

        MoorProcess.Result issued = moor.run("server", "issue-client", "ci-laptop", "--out", work.resolve("ci").toString());
        assertThat(issued.exitCode()).as(issued.err()).isZero();
        MoorProcess.Result remote = moor.run("server", "status", "--server", server, "--client-bundle", work.resolve("ci").toString());
        assertThat(remote.exitCode()).as(remote.err()).isZero();
        assertThat(remote.out()).contains("pid ").contains("live-restore");

        MoorProcess.Result none = moor.run("apps", "--server", server, "--client-bundle", work.resolve("nothing").toString());
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.err()).contains("needs a client bundle");

        MoorProcess other = new MoorProcess(Files.createDirectories(work.resolve("other-home")), work);
        assertThat(other.run("server", "issue-client", "stranger", "--out", work.resolve("stranger").toString()).exitCode()).isZero();
        MoorProcess.Result foreign = moor.run("apps", "--server", server, "--client-bundle", work.resolve("stranger").toString());
        assertThat(foreign.exitCode()).isEqualTo(1);
        assertThat(foreign.err()).startsWith("moor: ").doesNotContain("\tat ");

        MoorProcess.Result shortLived = moor.run("server", "issue-client", "brief", "--valid", "1s", "--out",
                work.resolve("brief").toString());
        assertThat(shortLived.exitCode()).as(shortLived.err()).isZero();
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            MoorProcess.Result expired = moor.run("apps", "--server", server, "--client-bundle", work.resolve("brief").toString());
            assertThat(expired.exitCode()).isEqualTo(1);
            assertThat(expired.err()).startsWith("moor: ");
        });
    }

    @Test
    void aRemoteUpSendsTheBuildContextAndSecretFilesWhichTheServerBuildsAndRunsFrom() throws Exception {
        String server = startServerWithRemoteApi();
        assertThat(moor.run("server", "issue-client", "ci-laptop", "--out", work.resolve("ci").toString()).exitCode())
                .isZero();
        List<String> remote = List.of("--server", server, "--client-bundle", work.resolve("ci").toString());
        String app = ExampleApps.uniqueName("echo");
        int port = MoorProcess.freePort();
        Path client = ExampleApps.copy("echo", work.resolve("client"), app, port);
        Files.createDirectories(client.resolve("secrets"));
        Files.writeString(client.resolve("secrets/greeting.txt"), "hello from the client\n");
        edit(client, "    replicas: 3\n", "    replicas: 1\n    volumes: [\"./data:/data\"]\n"
                + "    secrets: {greeting: {file: secrets/greeting.txt}}\n");

        MoorProcess.Result refused = moor.run(command(remote, "up", client.toString()));
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.err()).contains("services.echo.volumes[0]: ./data:/data (expected: an absolute host path"
                + " on the server, or a volume name (a remote server cannot mount a directory of the machine that"
                + " sends the file))");
        assertThat(moor.run("apps", "--json").out()).doesNotContain(app);

        edit(client, "    volumes: [\"./data:/data\"]\n", "");
        MoorProcess.Result up = moor.run(command(remote, "up", client.toString()));
        assertThat(up.exitCode()).as(up.out() + up.err() + moor.serverLog()).isZero();
        assertThat(up.out()).contains("moor: sending 8 file(s) of the build contexts and secrets");
        Path tree = onlyTree(moor.home().resolve("sources"));
        assertThat(Files.readString(tree.resolve("secrets/greeting.txt"))).isEqualTo("hello from the client\n");
        assertThat(tree.resolve("src/echo/Echo.java")).hasSameTextualContentAs(client.resolve("src/echo/Echo.java"));
        await().atMost(MoorProcess.timeout()).until(() -> statusCode(port) == 200);

        MoorProcess.Result again = moor.run(command(remote, "up", client.toString()));
        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
        assertThat(again.out()).contains("moor: the server has the 8 file(s) of the build contexts and secrets already");

        // What the server runs from is its own copy: new replicas read the secret from it.
        deleteTree(client);
        MoorProcess.Result scaled = moor.run(command(remote, "scale", "--app", app, "echo=2"));
        assertThat(scaled.exitCode()).as(scaled.out() + scaled.err()).isZero();
        await().atMost(MoorProcess.timeout()).untilAsserted(() -> {
            JsonNode echo = status(remote, app).get("services").get(0);
            assertThat(echo.get("healthy").asInt()).isEqualTo(2);
        });
        assertThat(statusCode(port)).isEqualTo(200);
    }

    /** Starts a server whose API also listens on a TCP port with mutual TLS; its URL. */
    private String startServerWithRemoteApi() throws Exception {
        Path home = Files.createDirectories(work.resolve("home"));
        int apiPort = MoorProcess.freePort();
        Files.writeString(home.resolve("server.yaml"), "api:\n  listen: 127.0.0.1:" + apiPort + "\n");
        moor = new MoorProcess(home, work);
        assertThat(moor.run("server", "start").exitCode()).isZero();
        moor.installation();
        return "https://127.0.0.1:" + apiPort;
    }

    private static String[] command(List<String> remote, String... args) {
        List<String> command = new ArrayList<>(List.of(args));
        command.addAll(remote);
        return command.toArray(String[]::new);
    }

    private JsonNode status(List<String> remote, String app) throws Exception {
        MoorProcess.Result status = moor.run(command(remote, "status", "--app", app, "--json"));
        assertThat(status.exitCode()).as(status.err()).isZero();
        return status.json();
    }

    private static void edit(Path dir, String from, String to) throws Exception {
        Path spec = dir.resolve("moor.yaml");
        String text = Files.readString(spec, StandardCharsets.UTF_8);
        assertThat(text).contains(from);
        Files.writeString(spec, text.replace(from, to), StandardCharsets.UTF_8);
    }

    private static Path onlyTree(Path sources) throws Exception {
        try (Stream<Path> trees = Files.list(sources)) {
            List<Path> all = trees.toList();
            assertThat(all).hasSize(1);
            assertThat(all.getFirst().getFileName().toString()).matches("[0-9a-f]{64}");
            return all.getFirst();
        }
    }

    private static int statusCode(int port) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return 0;
        }
    }

    private static void deleteTree(Path root) throws Exception {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}

package dev.moor.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.moor.engine.runtime.FakeContainerRuntime;
import dev.moor.engine.runtime.ImageBuild;
import dev.moor.engine.store.MoorHome;
import dev.moor.server.api.ApiClient;
import dev.moor.server.api.ApiException;
import dev.moor.server.api.ApiServer;
import dev.moor.server.source.SourceArchive;
import dev.moor.spec.FileAccess;
import dev.moor.spec.ServerSpec;
import dev.moor.spec.SpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API's side of remote deploys: uploads checked by their digest, deploys that name them. */
class ServerApiSourcesTest {
    private static final String SPEC = """
            app: shop
            services:
              web:
                build: web
                image: shop/web:1
                secrets: {token: {file: token.txt}}
            """;

    @TempDir
    Path dir;

    private FakeContainerRuntime runtime;
    private MoorServer server;
    private ApiServer api;
    private ApiClient client;

    @BeforeEach
    void start() {
        runtime = new FakeContainerRuntime();
        MoorHome home = new MoorHome(dir.resolve("home"));
        server = MoorServer.builder().home(home).spec(ServerSpec.defaults(dir.resolve("home/server.yaml")))
                .runtime(runtime).edge(false, List.of()).resyncInterval(Duration.ofMillis(200)).build();
        server.start();
        api = ApiServer.builder().unixSocket(MoorServer.apiSocket(home)).routes(new ServerApi(server, () -> {})::routes)
                .start();
        client = ApiClient.local(MoorServer.apiSocket(home));
    }

    @AfterEach
    void stop() {
        client.close();
        api.close();
        server.close();
        runtime.close();
    }

    @Test
    void aDeployOfUploadedSourcesBuildsFromTheirDirectoryAndNamesItInTheRevision() throws Exception {
        SourceArchive archive = SourceArchive.pack(SpecLoader.load(project(), FileAccess.UPLOADED),
                dir.resolve("sources.tar.gz"));

        assertThatExceptionOfType(ApiException.class).isThrownBy(() -> client.get("/sources/" + archive.digest()))
                .satisfies(e -> assertThat(e.status()).isEqualTo(404));
        assertThat(client.upload("/sources/" + archive.digest(), archive.file()).status()).isEqualTo(201);
        assertThat(client.get("/sources/" + archive.digest()).json().path("digest").asText()).isEqualTo(archive.digest());
        Path tree = MoorServer.sourcesDirectory(server.home()).resolve(archive.digest());

        List<String> lines = new ArrayList<>();
        client.stream("POST", "/apps/shop/deploy?wait=false",
                new ServerApi.DeployBody("/home/alice/shop/moor.yaml", SPEC, false, archive.digest()), lines::add);

        assertThat(lines).last().asString().contains("\"type\":\"started\"");
        assertThat(runtime.builds()).extracting(ImageBuild::context).containsExactly(tree.resolve("web"));
        assertThat(server.store().latestRevision("shop").orElseThrow().sourcePath()).isEqualTo(tree.resolve("moor.yaml"));
    }

    @Test
    void anUploadThatIsNotItsDigestAndADeployOfSourcesNeverSentAreRefused() throws Exception {
        SourceArchive archive = SourceArchive.pack(SpecLoader.load(project(), FileAccess.UPLOADED),
                dir.resolve("sources.tar.gz"));
        String other = "0".repeat(64);

        assertThatExceptionOfType(ApiException.class).isThrownBy(() -> client.upload("/sources/" + other, archive.file()))
                .satisfies(e -> assertThat(e.status()).isEqualTo(400))
                .withMessageContaining("upload: the body's SHA-256 is " + archive.digest() + ", not the " + other);
        assertThatExceptionOfType(ApiException.class).isThrownBy(() -> client.stream("POST", "/apps/shop/deploy",
                        new ServerApi.DeployBody("/home/alice/shop/moor.yaml", SPEC, false, other), line -> {}))
                .satisfies(e -> assertThat(e.status()).isEqualTo(400))
                .withMessageContaining("deploy: no uploaded sources " + other + " (expected: PUT /sources/" + other
                        + " first)");
        assertThat(server.store().apps()).isEmpty();
        assertThat(runtime.builds()).isEmpty();
    }

    private Path project() throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        Files.writeString(project.resolve("moor.yaml"), SPEC);
        Files.createDirectories(project.resolve("web"));
        Files.writeString(project.resolve("web/Dockerfile"), "FROM scratch\n");
        Files.writeString(project.resolve("token.txt"), "t");
        return project;
    }
}

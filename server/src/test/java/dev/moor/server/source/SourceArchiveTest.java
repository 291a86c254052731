package dev.moor.server.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.moor.engine.image.BuildContextDigest;
import dev.moor.spec.AppSpec;
import dev.moor.spec.FileAccess;
import dev.moor.spec.SpecException;
import dev.moor.spec.SpecLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceArchiveTest {

    private static final String SPEC = """
            app: shop
            services:
              web:
                build: .
                image: shop/web:1
                secrets: {token: {file: secrets/token.txt}}
              worker:
                build: {context: worker, dockerfile: docker/Worker.Dockerfile}
            """;

    @TempDir
    Path temp;

    @Test
    void theBuildContextsAsDockerignoreLeavesThemAndTheSecretFilesArriveWithTheirModes() throws Exception {
        Path project = project();

        SourceArchive archive = SourceArchive.pack(spec(project), temp.resolve("sources.tar.gz"));
        Path tree = received(archive);

        assertThat(files(tree)).containsExactly(".dockerignore", "Dockerfile", "run.sh", "secrets/token.txt",
                "worker/docker/Worker.Dockerfile", "worker/main.sh");
        assertThat(archive.files()).isEqualTo(6);
        assertThat(Files.readString(tree.resolve("secrets/token.txt"))).isEqualTo("s3cret\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tree.resolve("run.sh"))))
                .isEqualTo("rwxr-xr-x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tree.resolve("secrets/token.txt"))))
                .isEqualTo("rw-------");
        assertThat(BuildContextDigest.of(tree, "Dockerfile", Map.of()))
                .isEqualTo(BuildContextDigest.of(project, "Dockerfile", Map.of()));
        assertThat(BuildContextDigest.of(tree.resolve("worker"), "docker/Worker.Dockerfile", Map.of()))
                .isEqualTo(BuildContextDigest.of(project.resolve("worker"), "docker/Worker.Dockerfile", Map.of()));
        assertThat(SpecLoader.parse(SPEC, tree.resolve("moor.yaml"), FileAccess.UPLOADED).service("worker")
                .orElseThrow().build().orElseThrow().context()).isEqualTo(tree.resolve("worker"));
    }

    @Test
    void theSameFilesGiveTheSameDigestWhateverTheirTimesAndAChangedByteAnother() throws Exception {
        Path project = project();
        SourceArchive first = SourceArchive.pack(spec(project), temp.resolve("first.tar.gz"));

        Files.setLastModifiedTime(project.resolve("run.sh"), FileTime.fromMillis(86_400_000));
        SourceArchive touched = SourceArchive.pack(spec(project), temp.resolve("touched.tar.gz"));
        Files.writeString(project.resolve("secrets/token.txt"), "s3cret!\n");
        SourceArchive changed = SourceArchive.pack(spec(project), temp.resolve("changed.tar.gz"));

        assertThat(touched.digest()).isEqualTo(first.digest()).matches(SourceArchive.DIGEST_PATTERN);
        assertThat(changed.digest()).isNotEqualTo(first.digest());
    }

    @Test
    void anAppWithoutBuildsOrSecretFilesPacksAnEmptyArchive() throws Exception {
        Files.writeString(temp.resolve("moor.yaml"), "app: shop\nservices: {web: {image: nginx:1.27}}\n");

        SourceArchive archive = SourceArchive.pack(SpecLoader.load(temp, FileAccess.UPLOADED),
                temp.resolve("sources.tar.gz"));

        assertThat(archive.files()).isZero();
        assertThat(files(received(archive))).isEmpty();
    }

    @Test
    void certificateFilesOfTheHttpsHostsGoWithTheFile() throws Exception {
        Files.createDirectories(temp.resolve("tls"));
        Files.writeString(temp.resolve("tls/chain.pem"), "chain");
        Files.writeString(temp.resolve("tls/key.pem"), "key");
        Files.writeString(temp.resolve("moor.yaml"), """
                app: shop
                services: {web: {image: nginx:1.27, port: 80}}
                routes: [{path: /, service: web}]
                edge:
                  listen: 8080
                  https: {hosts: [www.example.com], certificate: {chain: tls/chain.pem, key: tls/key.pem}}
                """);

        SourceArchive archive = SourceArchive.pack(SpecLoader.load(temp, FileAccess.UPLOADED),
                temp.resolve("sources.tar.gz"));

        assertThat(files(received(archive))).containsExactly("tls/chain.pem", "tls/key.pem");
    }

    @Test
    void aSpecReadForThisMachineThatNamesAFileOutsideItsDirectoryCannotBePacked() throws Exception {
        Path project = Files.createDirectories(temp.resolve("project"));
        Files.writeString(temp.resolve("token"), "t");
        AppSpec spec = SpecLoader.parse("app: shop\nservices:\n  web:\n    image: nginx:1.27\n"
                + "    secrets: {token: {file: ../token}}\n", project.resolve("moor.yaml"));

        assertThatIllegalArgumentException()
                .isThrownBy(() -> SourceArchive.pack(spec, temp.resolve("sources.tar.gz")))
                .withMessage("services.web.secrets.token: " + temp.resolve("token") + " is outside " + project
                        + " (expected: a path inside the file's directory, which is all a remote server receives)");
    }

    private Path project() throws IOException {
        Path project = Files.createDirectories(temp.resolve("project"));
        Files.writeString(project.resolve("moor.yaml"), SPEC);
        Files.writeString(project.resolve("Dockerfile"), "FROM scratch\nCOPY run.sh /\n");
        Files.writeString(project.resolve(".dockerignore"), "node_modules\nsecrets\nworker\nmoor.yaml\n");
        Files.writeString(project.resolve("run.sh"), "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(project.resolve("run.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(project.resolve("node_modules/left-pad"));
        Files.writeString(project.resolve("node_modules/left-pad/index.js"), "module.exports = 1;\n");
        Files.createDirectories(project.resolve("secrets"));
        Files.writeString(project.resolve("secrets/token.txt"), "s3cret\n");
        Files.setPosixFilePermissions(project.resolve("secrets/token.txt"), PosixFilePermissions.fromString("rw-------"));
        Files.createDirectories(project.resolve("worker/docker"));
        Files.writeString(project.resolve("worker/docker/Worker.Dockerfile"), "FROM scratch\nCOPY main.sh /\n");
        Files.writeString(project.resolve("worker/main.sh"), "#!/bin/sh\n");
        return project;
    }

    private static AppSpec spec(Path project) throws SpecException {
        return SpecLoader.load(project, FileAccess.UPLOADED);
    }

    private Path received(SourceArchive archive) throws IOException {
        SourceStore store = SourceStore.open(temp.resolve("store"));
        try (InputStream body = Files.newInputStream(archive.file())) {
            return store.receive(archive.digest(), body);
        }
    }

    private static List<String> files(Path tree) throws IOException {
        try (Stream<Path> paths = Files.walk(tree)) {
            return paths.filter(Files::isRegularFile).map(tree::relativize).map(Path::toString).sorted().toList();
        }
    }
}

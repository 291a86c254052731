package dev.moor.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadedFileAccessTest {

    @TempDir
    Path outer;

    @Test
    void pathsInsideTheFilesDirectoryAndAbsoluteHostDirectoriesAreAccepted() throws IOException, SpecException {
        Path dir = Files.createDirectories(outer.resolve("app"));
        Files.createDirectories(dir.resolve("web"));
        Files.writeString(dir.resolve("token"), "t");

        AppSpec spec = SpecLoader.parse(SpecTexts.webService("    build: ./web", "    secrets: {token: {file: token}}",
                "    volumes: [\"/srv/data:/data\", \"cache:/cache\"]"), dir.resolve("moor.yaml"), FileAccess.UPLOADED);

        ServiceSpec web = spec.service("web").orElseThrow();
        assertThat(web.build().orElseThrow().context()).isEqualTo(dir.resolve("web"));
        assertThat(web.secrets().getFirst().file()).contains(dir.resolve("token"));
        assertThat(web.volumes()).extracting(VolumeSpec::source).containsExactly("/srv/data", "cache");
    }

    @Test
    void aBuildContextOrSecretOutsideTheFilesDirectoryIsRefusedForARemoteServerOnly() throws IOException, SpecException {
        Path dir = Files.createDirectories(outer.resolve("app"));
        Files.createDirectories(outer.resolve("shared"));
        Files.writeString(outer.resolve("token"), "t");
        String yaml = SpecTexts.webService("    build: ../shared", "    secrets: {token: {file: ../token}}");

        assertThatExceptionOfType(SpecException.class)
                .isThrownBy(() -> SpecLoader.parse(yaml, dir.resolve("moor.yaml"), FileAccess.UPLOADED))
                .satisfies(e -> assertThat(e.problems()).extracting(SpecProblem::render).containsExactly(
                        dir.resolve("moor.yaml") + ":5:12: services.web.build: ../shared (expected: a path inside "
                                + dir + ", the file's directory (a remote server receives that directory only))",
                        dir.resolve("moor.yaml") + ":6:29: services.web.secrets.token.file: ../token (expected: a path"
                                + " inside " + dir + ", the file's directory (a remote server receives that directory"
                                + " only))"));
        assertThat(SpecLoader.parse(yaml, dir.resolve("moor.yaml")).service("web").orElseThrow().build().orElseThrow()
                .context()).isEqualTo(outer.resolve("shared"));
    }

    @Test
    void aRelativeHostDirectoryIsRefusedForARemoteServer() throws SpecException {
        Path source = outer.resolve("moor.yaml");
        String yaml = SpecTexts.webService("    volumes: [\"./data:/data\"]");

        assertThatExceptionOfType(SpecException.class)
                .isThrownBy(() -> SpecLoader.parse(yaml, source, FileAccess.UPLOADED))
                .satisfies(e -> assertThat(e.problems()).extracting(SpecProblem::render).containsExactly(
                        source + ":5:15: services.web.volumes[0]: ./data:/data (expected: an absolute host path on the"
                                + " server, or a volume name (a remote server cannot mount a directory of the machine"
                                + " that sends the file))"));
        assertThat(SpecLoader.parse(yaml, source).service("web").orElseThrow().volumes().getFirst().source())
                .isEqualTo(outer.resolve("data").toString());
    }
}

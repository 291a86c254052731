package dev.moor.engine.image;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BuildContextDigestTest {
    @TempDir
    Path context;

    @Test
    void sameContentSameDigestAndAnyChangeChangesIt() throws IOException {
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY app /app\n");
        Files.createDirectories(context.resolve("src"));
        Files.writeString(context.resolve("src/app"), "v1");
        String first = BuildContextDigest.of(context, "Dockerfile", Map.of());
        assertThat(BuildContextDigest.of(context, "Dockerfile", Map.of())).isEqualTo(first).hasSize(16);

        Files.writeString(context.resolve("src/app"), "v2");
        String changedFile = BuildContextDigest.of(context, "Dockerfile", Map.of());
        assertThat(changedFile).isNotEqualTo(first);

        assertThat(BuildContextDigest.of(context, "Dockerfile", Map.of("VERSION", "2"))).isNotEqualTo(changedFile);
        Files.writeString(context.resolve("src/new"), "");
        assertThat(BuildContextDigest.of(context, "Dockerfile", Map.of())).isNotEqualTo(changedFile);
    }

    @Test
    void filesExcludedByDockerignoreDoNotCount() throws IOException {
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\n");
        Files.writeString(context.resolve(".dockerignore"), "# build output\ntarget\n*.log\n");
        String before = BuildContextDigest.of(context, "Dockerfile", Map.of());
        Files.createDirectories(context.resolve("target/classes"));
        Files.writeString(context.resolve("target/classes/A.class"), "x");
        Files.writeString(context.resolve("debug.log"), "noise");
        assertThat(BuildContextDigest.of(context, "Dockerfile", Map.of())).isEqualTo(before);
        Files.writeString(context.resolve("kept.txt"), "counts");
        assertThat(BuildContextDigest.of(context, "Dockerfile", Map.of())).isNotEqualTo(before);
    }
}

package dev.moor.server.edge;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EdgeImageTest {
    @TempDir
    Path dir;

    @Test
    void anImageOfJarsIsTrainedAndItsEdgeStartsFromTheCache() throws IOException {
        Path a = Files.writeString(Files.createDirectories(dir.resolve("one")).resolve("moor.jar"), "a");
        Path b = Files.writeString(Files.createDirectories(dir.resolve("two")).resolve("moor.jar"), "b");
        Path context = Files.createDirectories(dir.resolve("context"));

        EdgeImage.writeContext(context, List.of(a, b));

        String dockerfile = Files.readString(context.resolve("Dockerfile"));
        assertThat(context.resolve("lib/moor.jar")).hasContent("a");
        assertThat(context.resolve("lib/1-moor.jar")).hasContent("b");
        assertThat(dockerfile.lines()).hasSize(4);
        assertThat(dockerfile).contains("RUN [\"java\"", "\"-XX:AOTCacheOutput=" + EdgeImage.AOT_CACHE + "\"",
                "\"" + EdgeImage.TRAINING_CLASS + "\"", "\"/opt/moor/lib/moor.jar:/opt/moor/lib/1-moor.jar\"");
        String entrypoint = dockerfile.lines().filter(line -> line.startsWith("ENTRYPOINT")).findFirst().orElseThrow();
        assertThat(entrypoint).contains("\"-XX:AOTCache=" + EdgeImage.AOT_CACHE + "\"",
                "\"" + EdgeImage.MAIN_CLASS + "\"]");
    }

    @Test
    void anImageWithAClassDirectoryIsNotTrained() throws IOException {
        Path jar = Files.writeString(dir.resolve("lib.jar"), "jar");
        Path classes = Files.createDirectories(dir.resolve("classes/dev/moor"));
        Files.writeString(classes.resolve("Some.class"), "class");
        Path context = Files.createDirectories(dir.resolve("context"));

        EdgeImage.writeContext(context, List.of(jar, dir.resolve("classes")));

        String dockerfile = Files.readString(context.resolve("Dockerfile"));
        assertThat(context.resolve("lib/classes-0/dev/moor/Some.class")).hasContent("class");
        assertThat(dockerfile).doesNotContain("RUN", "AOTCache");
        assertThat(dockerfile).contains("\"/opt/moor/lib/lib.jar:/opt/moor/lib/classes-0\"");
    }

    @Test
    void theDigestChangesWithTheJarsContent() throws IOException {
        Path jar = dir.resolve("moor.jar");
        Files.writeString(jar, "first");
        String first = EdgeImage.digest(List.of(jar));
        Files.writeString(jar, "second build");

        assertThat(EdgeImage.digest(List.of(jar))).isNotEqualTo(first).matches("[0-9a-f]+");
    }
}

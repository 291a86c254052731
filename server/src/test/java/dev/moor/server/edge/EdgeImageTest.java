package dev.moor.server.edge;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

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

    /**
     * The edge's image is the JVM's base image and Moor's jars: {@code scripts/base-images} gives its stand-in of
     * {@code eclipse-temurin:25-jre} exactly the libraries that ldd shows the JVM's own binaries and libraries need.
     * HTTP/3's native library (quiche, loaded from its jar) must need no other, or the edge serves no HTTP/3.
     */
    @Test
    void theQuicNativeLibraryNeedsNoLibraryTheJvmDoesNot() throws Exception {
        Path quic = dir.resolve("libnetty_quiche.so");
        try (InputStream in = getClass().getClassLoader()
                .getResourceAsStream("META-INF/native/libnetty_quiche42_linux_x86_64.so")) {
            assertThat(in).as("the QUIC native jar on the class path").isNotNull();
            Files.copy(in, quic);
        }
        Path javaHome = Path.of(System.getProperty("java.home"));
        Set<String> jvm = new TreeSet<>();
        try (Stream<Path> files = Files.walk(javaHome.resolve("lib"))) {
            for (Path library : files.filter(file -> file.toString().endsWith(".so")).toList()) {
                jvm.addAll(needed(library));
            }
        }
        jvm.addAll(needed(javaHome.resolve("bin/java")));

        assertThat(needed(quic)).contains("libc.so.6").isSubsetOf(jvm);
    }

    /** The libraries ldd shows a binary needs, by file name. */
    private static Set<String> needed(Path binary) throws Exception {
        Process ldd = new ProcessBuilder("ldd", binary.toString()).redirectErrorStream(true).start();
        String output = new String(ldd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        ldd.waitFor();
        Set<String> names = new TreeSet<>();
        for (String line : output.lines().toList()) {
            String first = line.strip().split("\\s+")[0];
            if (first.contains(".so")) {
                names.add(Path.of(first).getFileName().toString());
            }
        }
        return names;
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

package dev.moor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The ahead-of-time cache the build trained (CliTraining) is one the packaged moor.jar's JVM can use. */
class AheadOfTimeCacheIT {
    private static final Path JAR = Path.of("target/moor.jar").toAbsolutePath();
    private static final Path CACHE = Path.of("target/moor.aot").toAbsolutePath();

    @Test
    void theBuildsCacheIsNewerThanTheJarAndAJvmOfMoorMapsIt() throws Exception {
        assertThat(Files.getLastModifiedTime(CACHE)).isGreaterThan(Files.getLastModifiedTime(JAR));

        // AOTMode=on: a cache the JVM cannot use (another jar, another JDK, a broken file) is an error, not a fallback.
        Process process = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-XX:AOTMode=on", "-XX:AOTCache=" + CACHE, "-Xlog:aot=info",
                "-jar", JAR.toString(), "validate", Path.of("../examples/echo").toAbsolutePath().toString()))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("is valid: app echo").containsIgnoringCase("aot cache");
    }
}

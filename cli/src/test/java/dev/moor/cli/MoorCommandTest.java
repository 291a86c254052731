package dev.moor.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line as a user meets it, without Docker: parsing, validation and the error messages. */
class MoorCommandTest {
    @TempDir
    Path dir;

    private record Run(int exitCode, String err) {}

    private static Run run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine commandLine = MoorCommand.commandLine();
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setOut(new PrintWriter(new StringWriter(), true));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, err.toString());
    }

    @Test
    void everyCommandIsDeclaredWithoutConflicts() {
        assertThat(MoorCommand.commandLine().getSubcommands().keySet())
                .contains("up", "down", "status", "ps", "logs", "scale", "validate", "events");
    }

    @Test
    void validatePrintsEveryProblemWithLineAndColumnAndExitsTwo() throws Exception {
        Files.writeString(dir.resolve("moor.yaml"), """
                app: echo
                services:
                  echo:
                    image: echo:1
                    replcas: 3
                    port: 80800
                    health:
                      http: /healthz
                      interval: 2 seconds
                """);
        Run run = run("validate", dir.toString());
        assertThat(run.exitCode()).isEqualTo(MoorCommand.INVALID_SPEC);
        assertThat(run.err().lines().filter(line -> line.contains("moor.yaml:")).toList()).containsExactly(
                dir.resolve("moor.yaml") + ":5:5: services.echo.replcas: unknown key (did you mean 'replicas'?)",
                dir.resolve("moor.yaml") + ":6:11: services.echo.port: 80800 (expected: a port number 1..65535)",
                dir.resolve("moor.yaml") + ":9:17: services.echo.health.interval: 2 seconds (expected: a duration like 2s, 1m30s or 500ms)");
        assertThat(run.err()).contains("moor: 3 problem(s) in the spec").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void validateAcceptsTheExamples() {
        assertThat(run("validate", "../examples/echo").exitCode()).isZero();
        assertThat(run("validate", "../examples/website").exitCode()).isZero();
        assertThat(run("validate", "../examples/shop").exitCode()).isZero();
    }

    @Test
    void aMissingFileIsOneClearLine() {
        Run run = run("validate", dir.resolve("nope").toString());
        assertThat(run.exitCode()).isEqualTo(MoorCommand.INVALID_SPEC);
        assertThat(run.err()).contains("nope").doesNotContain("\tat ");
    }

    @Test
    void scaleRejectsAMalformedAssignmentBeforeCallingMoor() {
        Run run = run("scale", "--app", "echo", "web=-2");
        assertThat(run.exitCode()).isEqualTo(MoorCommand.FAILED);
        assertThat(run.err()).isEqualTo("moor: web=-2: -2 (expected: an integer >= 0)" + System.lineSeparator());
        assertThat(run("scale", "--app", "echo", "web").err()).contains("web (expected: SERVICE=REPLICAS, e.g. web=3)");
    }
}

package dev.moor.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line as a user meets it, without Docker: parsing, validation and the error messages. */
class MoorCommandTest {
    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {}

    private static Run run(String... args) {
        StringWriter err = new StringWriter();
        StringWriter out = new StringWriter();
        CommandLine commandLine = MoorCommand.commandLine();
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setOut(new PrintWriter(out, true));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    @Test
    void everySubcommandAnswersHelp() {
        // Each command as typed (an alias too), and the name its usage gives.
        Map<List<String>, String> commands = new LinkedHashMap<>();
        MoorCommand.commandLine().getSubcommands().forEach((name, command) -> {
            if (!name.equals("help")) {
                commands.put(List.of(name), command.getCommandName());
                command.getSubcommands().forEach((sub, subcommand) -> commands.put(List.of(name, sub),
                        command.getCommandName() + " " + subcommand.getCommandName()));
            }
        });
        assertThat(commands).containsKeys(List.of("server", "install"), List.of("edge", "restart"), List.of("deploy"));
        commands.forEach((command, usage) -> {
            for (String flag : new String[] {"--help", "-h"}) {
                List<String> args = new ArrayList<>(command);
                args.add(flag);
                Run run = run(args.toArray(String[]::new));
                assertThat(run.exitCode()).as("moor %s", args).isZero();
                assertThat(run.err()).as("moor %s", args).isEmpty();
                assertThat(run.out()).as("moor %s", args).startsWith("Usage: moor " + usage);
            }
        });
    }

    @Test
    void theSystemdUnitRunsThisMoorWithThisHomeAndNeverStopsTheContainers() {
        Run run = run("server", "install", "--print");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("[Service]", "Environment=MOOR_HOME=", "server run", "KillMode=process",
                "Restart=always", "WantedBy=multi-user.target");
    }

    @Test
    void logsNeedsAServiceOrEdgeButNotBoth() {
        assertThat(run("logs").err()).contains("a SERVICE is missing");
        assertThat(run("logs", "--edge", "web").err()).contains("--edge takes no SERVICE");
    }

    @Test
    void completionScriptsNameTheCommands() {
        Run bash = run("completion", "bash");
        assertThat(bash.exitCode()).isZero();
        assertThat(bash.out()).contains("complete -F _complete_moor", "up", "validate", "completion");
        Run zsh = run("completion", "zsh");
        assertThat(zsh.out()).startsWith("autoload -U +X compinit").contains("bashcompinit", "_complete_moor");
        assertThat(run("completion", "fish").err()).contains("fish").contains("bash, zsh");
    }

    @Test
    void everyCommandIsDeclaredWithoutConflicts() {
        assertThat(MoorCommand.commandLine().getSubcommands().keySet())
                .contains("up", "down", "status", "ps", "logs", "scale", "validate", "events", "apps", "server", "edge",
                        "completion", "plan", "history", "rollback", "abort", "promote");
        assertThat(MoorCommand.commandLine().getSubcommands().get("server").getSubcommands().keySet())
                .containsExactly("run", "start", "stop", "status", "metrics", "install", "issue-client");
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

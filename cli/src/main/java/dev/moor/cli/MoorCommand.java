package dev.moor.cli;

import dev.moor.server.api.ApiException;
import dev.moor.engine.runtime.ContainerRuntimeException;
import dev.moor.engine.store.StoreException;
import dev.moor.spec.SpecException;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.io.UncheckedIOException;

// INHERIT gives every subcommand -h/--help and -V/--version too.
@Command(name = "moor", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        versionProvider = MoorVersion.class,
        description = "Runs the Dockerised services of moor.yaml files and keeps them at their declared state.",
        subcommands = {UpCommand.class, PlanCommand.class, DownCommand.class, StatusCommand.class, PsCommand.class,
                LogsCommand.class, ScaleCommand.class, ValidateCommand.class, EventsCommand.class, HistoryCommand.class,
                RollbackCommand.class, AbortCommand.class, PromoteCommand.class, AppsCommand.class, ServerCommand.class,
                EdgeCommand.class, CacheCommand.class, CompletionCommand.class,
                CommandLine.HelpCommand.class})
final class MoorCommand {
    /** Exit code of a command that failed for a reason the user can fix. */
    static final int FAILED = 1;
    /** Exit code of a spec with problems. */
    static final int INVALID_SPEC = 2;

    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new MoorCommand());
        commandLine.setExecutionExceptionHandler(MoorCommand::handle);
        return commandLine;
    }

    /** No stack trace ever reaches the user: every failure becomes one clear message. */
    private static int handle(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        return report(e, commandLine.getErr());
    }

    /** Writes the one message of failure {@code e} to {@code err}; the exit code it means. */
    static int report(Exception e, PrintWriter err) {
        switch (e) {
            case SpecException spec -> {
                spec.problems().forEach(problem -> err.println(problem.render()));
                err.println("moor: " + spec.problems().size() + " problem(s) in the spec");
                err.flush();
                return INVALID_SPEC;
            }
            case UserError user -> err.println("moor: " + user.getMessage());
            case ApiException api -> err.println("moor: " + api.getMessage());
            case ContainerRuntimeException runtime -> err.println("moor: " + runtime.getMessage());
            case StoreException store -> err.println("moor: " + store.getMessage());
            case UncheckedIOException io -> err.println("moor: " + io.getMessage());
            case IllegalArgumentException invalid -> err.println("moor: " + invalid.getMessage());
            case IllegalStateException invalid -> err.println("moor: " + invalid.getMessage());
            default -> err.println("moor: unexpected failure: " + e);
        }
        err.flush();
        return FAILED;
    }
}

package dev.moor.cli;

import picocli.CommandLine;

/** The {@code moor} command line. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (tests call this). */
    public static int run(String... args) {
        return MoorCommand.commandLine().execute(args);
    }
}

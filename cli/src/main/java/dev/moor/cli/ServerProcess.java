package dev.moor.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The entry of the server process that {@code moor up} and {@code moor server start} start in the background: {@code
 * moor server run} without the command line parser, whose reflection over every command costs the server a third of
 * a second of its start. Its arguments are the {@link ServerCommand.Tuning} that the starting command wrote.
 */
final class ServerProcess {
    private ServerProcess() {}

    public static void main(String[] args) {
        int code;
        try {
            code = run(List.of(args));
        } catch (Exception e) {
            code = MoorCommand.report(e, new PrintWriter(System.err, true, StandardCharsets.UTF_8));
        }
        System.exit(code);
    }

    static int run(List<String> arguments) throws Exception {
        ServerCommand.Run server = new ServerCommand.Run();
        for (int i = 0; i < arguments.size(); i += 2) {
            String option = arguments.get(i);
            if (i + 1 >= arguments.size()) {
                throw new IllegalArgumentException(option + ": no value (expected: " + option + " DURATION)");
            }
            switch (option) {
                case "--resync" -> server.tuning.resync = arguments.get(i + 1);
                case "--orphan-grace" -> server.tuning.orphanGrace = arguments.get(i + 1);
                default -> throw new IllegalArgumentException(option + " (expected: --resync or --orphan-grace)");
            }
        }
        return server.call();
    }
}

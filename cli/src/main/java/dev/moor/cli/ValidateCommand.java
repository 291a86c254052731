package dev.moor.cli;

import dev.moor.spec.AppSpec;
import dev.moor.spec.SpecLoader;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "validate", description = "Checks a moor.yaml and prints every problem with its line and column.")
final class ValidateCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR|FILE", description = "The moor.yaml or its directory (default: .).")
    Path path = Path.of(".");

    @Override
    public Integer call() throws Exception {
        AppSpec spec = SpecLoader.load(path);
        int replicas = spec.services().values().stream().mapToInt(s -> s.replicas()).sum();
        System.out.printf("%s is valid: app %s, %d service(s), %d replica(s), %d route(s)%n",
                spec.source(), spec.name(), spec.services().size(), replicas, spec.routes().size());
        return 0;
    }
}

package dev.moor.cli;

import dev.moor.api.ApiException;
import dev.moor.api.LocalApiClient;
import dev.moor.docker.DockerRuntime;
import dev.moor.engine.controller.AppTeardown;
import dev.moor.engine.runtime.ContainerInfo;
import dev.moor.engine.runtime.ContainerRuntime;
import dev.moor.engine.store.MoorHome;
import dev.moor.engine.store.Store;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "down", description = "Stops the app's Moor if one runs, then removes the app's containers and network (volumes are kept).")
final class DownCommand implements Callable<Integer> {
    private static final Duration LOCK_RELEASE_WAIT = Duration.ofSeconds(30);

    @Mixin
    AppOptions options = new AppOptions();

    @Option(names = "--stop-grace", paramLabel = "DURATION", description = "Time each container gets to stop before it is killed (default: 10s).")
    String stopGrace = "10s";

    @Override
    public Integer call() throws Exception {
        MoorHome home = MoorHome.fromEnvironment(System.getenv()).ensureExists();
        String app = AppLocator.appName(options, home);
        Duration grace = DurationOption.parse("--stop-grace", stopGrace);
        if (AppLock.isHeld(home.lock(app)) && Files.exists(home.socket(app))) {
            try {
                new LocalApiClient(home.socket(app)).post(MoorApi.SHUTDOWN, java.util.Map.of());
            } catch (ApiException e) {
                // A Moor that stops before its answer arrives has stopped all the same: the lock tells.
            }
            long deadline = System.nanoTime() + LOCK_RELEASE_WAIT.toNanos();
            while (AppLock.isHeld(home.lock(app))) {
                if (System.nanoTime() > deadline) {
                    throw new UserError("the Moor running " + app + " did not stop within " + LOCK_RELEASE_WAIT.toSeconds() + " s");
                }
                Thread.sleep(100);
            }
            System.out.printf("stopped the Moor running %s%n", app);
        }
        try (ContainerRuntime runtime = DockerRuntime.connect();
             Store store = Store.open(home.database(), Clock.systemUTC())) {
            List<ContainerInfo> removed = AppTeardown.remove(runtime, store.installationId(), app, grace);
            store.unregisterApp(app);
            System.out.printf("removed %d container(s) of %s and its network%n", removed.size(), app);
        }
        return 0;
    }
}

package dev.moor.cli;

import dev.moor.api.LocalApiServer;
import dev.moor.docker.DockerRuntime;
import dev.moor.engine.controller.AppController;
import dev.moor.engine.controller.AppStatus;
import dev.moor.engine.image.ImagePreparer;
import dev.moor.engine.revision.Revision;
import dev.moor.engine.runtime.ContainerRuntime;
import dev.moor.engine.runtime.EngineInfo;
import dev.moor.engine.store.MoorHome;
import dev.moor.engine.store.Store;
import dev.moor.engine.store.StoredEvent;
import dev.moor.spec.AppSpec;
import dev.moor.spec.SpecLoader;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

@Command(name = "up", description = {
        "Builds the app's images, starts its replicas and keeps them at the declared state, in the foreground.",
        "Ctrl-C stops Moor, not the containers; 'moor up' again adopts them."})
final class UpCommand implements Callable<Integer> {
    /** How long a replica leaving rotation keeps serving before SIGTERM, so the edge has stopped sending to it. */
    private static final Duration DEREGISTRATION_DELAY = Duration.ofSeconds(1);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR|FILE", description = "The moor.yaml or its directory (default: .).")
    Path path = Path.of(".");

    @Option(names = "--resync", paramLabel = "DURATION", description = "How often the engine is re-listed besides its events (default: 5s).")
    String resync = "5s";

    @Option(names = "--orphan-grace", paramLabel = "DURATION", description = "How long containers of apps no spec owns are left before removal (default: 1m).")
    String orphanGrace = "1m";

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        AppSpec spec = SpecLoader.load(path);
        Path specFile = spec.source().toAbsolutePath();
        MoorHome home = MoorHome.fromEnvironment(System.getenv()).ensureExists();
        Duration resyncInterval = DurationOption.parse("--resync", resync);
        Duration orphanGraceDuration = DurationOption.parse("--orphan-grace", orphanGrace);
        Clock clock = Clock.systemUTC();

        try (AppLock lock = AppLock.acquire(home.lock(spec.name()), spec.name());
             ContainerRuntime runtime = DockerRuntime.connect();
             Store store = Store.open(home.database(), clock)) {
            EngineInfo engine = runtime.info();
            out.printf("moor: %s: Docker %s (API %s) at %s%n", spec.name(), engine.version(), engine.apiVersion(), engine.endpoint());

            Map<String, String> images = new ImagePreparer(runtime, new TerminalBuildListener(out)).prepare(spec);
            String text = Files.readString(specFile, StandardCharsets.UTF_8);
            store.registerApp(spec.name(), specFile);
            Revision revision = store.accept(spec.name(), specFile, text, Map.of());

            Optional<EdgeRunner> edge = EdgeRunner.start(spec, out);
            AppController controller = AppController.builder()
                    .runtime(runtime).store(store).clock(clock)
                    .statusListener(edge.map(EdgeRunner::feed).<java.util.function.Consumer<AppStatus>>map(f -> f).orElse(status -> {}))
                    .deregistrationDelay(edge.isPresent() ? DEREGISTRATION_DELAY : Duration.ZERO)
                    .ownerId(store.installationId())
                    .revision(revision, spec)
                    .images(images)
                    .resyncInterval(resyncInterval)
                    .orphanGrace(orphanGraceDuration)
                    .specAppName(UpCommand::appNameOf)
                    .eventListener(event -> out.println(format(event)))
                    .build();
            CountDownLatch stopped = new CountDownLatch(1);
            CountDownLatch cleanedUp = new CountDownLatch(1);
            // On Ctrl-C the JVM halts once its hooks return: the hook waits for the edge to drain and Moor to stop.
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
                stopped.countDown();
                try {
                    cleanedUp.await(spec.edge().drainTimeout().toSeconds() + 15, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            try (LocalApiServer api = MoorApi.server(home.socket(spec.name()), controller, runtime, store, stopped::countDown)) {
                api.start();
                controller.start();
                out.printf("moor: %s is up at revision %d; API at %s; Ctrl-C stops Moor (the containers keep running)%n",
                        spec.name(), revision.number(), home.socket(spec.name()));
                new ConvergenceReporter(controller, out).start();
                stopped.await();
                controller.close();
            } finally {
                edge.ifPresent(EdgeRunner::close);
                cleanedUp.countDown();
            }
        }
        return 0;
    }

    static String format(StoredEvent event) {
        String where = event.service().isEmpty() ? "" : event.service() + (event.replica() >= 0 ? "/" + event.replica() : "") + " ";
        return TIME.format(event.at()) + " " + event.kind() + " " + where + event.message();
    }

    /** The app a spec file names, or empty when it is gone; a spec that does not parse still owns its app. */
    static java.util.Optional<String> appNameOf(Path specFile) {
        if (!Files.isRegularFile(specFile)) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(SpecLoader.load(specFile).name());
        } catch (dev.moor.spec.SpecException e) {
            return java.util.Optional.ofNullable(SpecFiles.declaredAppName(specFile));
        }
    }

    /** Prints one line when every service first has all its replicas healthy. */
    private record ConvergenceReporter(AppController controller, PrintStream out) {
        void start() {
            Thread.ofVirtual().name("moor-convergence").start(() -> {
                try {
                    while (true) {
                        AppStatus status = controller.status();
                        boolean converged = !status.services().isEmpty() && status.services().stream()
                                .allMatch(s -> s.healthy() == s.desired() && s.running() == s.desired());
                        if (converged) {
                            int replicas = status.services().stream().mapToInt(AppStatus.ServiceStatus::desired).sum();
                            out.printf("moor: %s: all %d replica(s) healthy%n", status.app(), replicas);
                            return;
                        }
                        Thread.sleep(200);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
    }
}

package dev.moor.cli;

import dev.moor.docker.DockerRuntime;
import dev.moor.engine.runtime.ContainerRuntime;
import dev.moor.engine.store.MoorHome;
import dev.moor.server.MoorServer;
import dev.moor.server.ServerApi;
import dev.moor.server.ServerStatus;
import dev.moor.server.https.CertificateStatus;
import dev.moor.server.api.ApiClient;
import dev.moor.server.api.ApiException;
import dev.moor.server.api.ApiServer;
import dev.moor.server.api.ApiServerBuilder;
import dev.moor.server.edge.EdgeImage;
import dev.moor.server.tls.CertificateAuthority;
import dev.moor.server.tls.ClientBundle;
import dev.moor.spec.ServerSpec;
import dev.moor.spec.ServerSpecLoader;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "server", description = {"The Moor server: the control plane of this host, which runs every app of the",
        "host and the edge in front of them. The edge keeps serving while the server is stopped."},
        subcommands = {ServerCommand.Run.class, ServerCommand.Start.class, ServerCommand.Stop.class,
                ServerCommand.Status.class, ServerCommand.Metrics.class, ServerCommand.Install.class,
                ServerCommand.IssueClient.class})
final class ServerCommand {
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    static Path configFile(MoorHome home) {
        return home.directory().resolve(ServerSpecLoader.FILE_NAME);
    }

    /** Settings of the server process that are no part of server.yaml: for tests and for tuning by hand. */
    static final class Tuning {
        @Option(names = "--resync", paramLabel = "DURATION", description = "How often the engine is listed besides its events (default: 5s).")
        String resync = "5s";

        @Option(names = "--orphan-grace", paramLabel = "DURATION", description = "How long containers of apps this server does not run are left before removal (default: 1m).")
        String orphanGrace = "1m";

        List<String> arguments() {
            return List.of("--resync", resync, "--orphan-grace", orphanGrace);
        }
    }

    @Command(name = "run", description = "Runs the server in the foreground (for systemd and containers); SIGTERM stops it.")
    static final class Run implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        Tuning tuning = new Tuning();

        @Override
        public Integer call() throws Exception {
            MoorHome home = ServerConnection.home().ensureExists();
            ServerSpec spec = ServerSpecLoader.load(configFile(home));
            CountDownLatch stop = new CountDownLatch(1);
            CountDownLatch stopped = new CountDownLatch(1);
            List<Path> classPath = EdgeImage.currentClassPath();
            EdgeImage.hashInBackground(classPath);
            try (ContainerRuntime runtime = DockerRuntime.connect()) {
                MoorServer server = MoorServer.builder().home(home).spec(spec).runtime(runtime)
                        .version(MoorVersion.version())
                        .edge(true, classPath)
                        .resyncInterval(DurationOption.parse("--resync", tuning.resync))
                        .orphanGrace(DurationOption.parse("--orphan-grace", tuning.orphanGrace))
                        .say(line -> System.out.println("moor server: " + line))
                        .build();
                server.start();
                ApiServer api;
                try {
                    api = api(home, spec, server, stop::countDown);
                } catch (RuntimeException e) {
                    server.close();
                    throw e;
                }
                // systemd and docker stop send SIGTERM: stop the server, never the containers or the edge.
                Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
                    stop.countDown();
                    try {
                        stopped.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
                System.out.printf("moor server: pid %d, %s, API on %s%s%n", ProcessHandle.current().pid(),
                        MoorVersion.version(), api.socket(),
                        api.tlsPort().isPresent() ? " and mutual TLS on port " + api.tlsPort().getAsInt() : "");
                stop.await();
                api.close();
                server.close();
                System.out.println("moor server: stopped; the apps and the edge keep running");
            } finally {
                stopped.countDown();
            }
            return 0;
        }

        private static ApiServer api(MoorHome home, ServerSpec spec, MoorServer server, Runnable stop) {
            ApiServerBuilder builder = ApiServer.builder().unixSocket(MoorServer.apiSocket(home))
                    .routes(new ServerApi(server, stop)::routes);
            spec.api().listen().ifPresent(listen -> {
                CertificateAuthority authority = CertificateAuthority.loadOrCreate(MoorServer.authorityDirectory(home));
                builder.mutualTls(listen.host().isEmpty() ? "0.0.0.0" : listen.host(), listen.port(),
                        authority.issueServer(spec.api().names()));
            });
            return builder.start();
        }
    }

    @Command(name = "start", description = "Starts the server in the background, its output in $MOOR_HOME/server.log.")
    static final class Start implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        Tuning tuning = new Tuning();

        @Override
        public Integer call() throws Exception {
            DurationOption.parse("--resync", tuning.resync);
            DurationOption.parse("--orphan-grace", tuning.orphanGrace);
            MoorHome home = ServerConnection.home();
            Optional<ServerStatus> running = ServerConnection.localStatus(home);
            if (running.isPresent()) {
                System.out.printf("moor: a Moor server runs already (pid %d, %s)%n", running.get().pid(), running.get().version());
                return 0;
            }
            ServerConnection.startInBackground(home, System.out, tuning.arguments());
            return 0;
        }
    }

    @Command(name = "stop", description = "Stops the server; the apps and the edge keep running.")
    static final class Stop implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            MoorHome home = ServerConnection.home();
            Optional<ServerStatus> running = ServerConnection.localStatus(home);
            if (running.isEmpty()) {
                System.out.println("moor: no Moor server runs");
                return 0;
            }
            try (ApiClient client = ApiClient.local(MoorServer.apiSocket(home))) {
                client.post("/server/stop", java.util.Map.of());
            } catch (ApiException e) {
                // A server that stops before its answer arrives has stopped all the same: its process tells.
            }
            Optional<ProcessHandle> process = ProcessHandle.of(running.get().pid());
            long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
            while (process.map(ProcessHandle::isAlive).orElse(false)) {
                if (System.nanoTime() > deadline) {
                    throw new UserError("the Moor server (pid " + running.get().pid() + ") did not stop within "
                            + STOP_TIMEOUT.toSeconds() + " s");
                }
                Thread.sleep(100);
            }
            System.out.printf("moor: stopped the Moor server (pid %d); the apps and the edge keep running%n", running.get().pid());
            return 0;
        }
    }

    @Command(name = "status", description = "Shows the server: pid, version, Docker engine, apps, edge.")
    static final class Status implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        ServerOptions server = new ServerOptions();

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            try (ApiClient client = ServerConnection.open(server)) {
                ServerStatus status = Json.read(client.get("/server").body(), ServerStatus.class);
                if (json) {
                    System.out.println(Json.pretty(status));
                    return 0;
                }
                System.out.printf("server   pid %d, %s, up since %s, home %s%n", status.pid(), status.version(),
                        status.startedAt(), status.home());
                System.out.printf("engine   Docker %s (API %s) at %s, live-restore %s%n", status.engine().version(),
                        status.engine().apiVersion(), status.engine().endpoint(), status.engine().liveRestore() ? "on" : "off");
                for (ServerStatus.EdgeContainer edge : status.edge().containers()) {
                    boolean connected = status.edge().connected().stream().anyMatch(c -> c.edgeId().equals(edge.name()));
                    System.out.printf("edge     %s %s (%s)%s%n", edge.name(), edge.state(), edge.image(),
                            connected ? ", connected" : "");
                }
                System.out.printf("snapshot %d, ports %s%s%n", status.edge().snapshot(), status.edge().ports(),
                        status.edge().https().map(port -> ", HTTPS on " + port).orElse(""));
                status.edge().developmentCa().ifPresent(root -> System.out.printf("dev CA   %s (trust it for the HTTPS"
                        + " hosts of certificate: dev, e.g. curl --cacert %s)%n", root, root));
                for (CertificateStatus certificate : status.edge().certificates()) {
                    System.out.printf("https    %s: %s, %s, %s%s%n", certificate.app(),
                            String.join(", ", certificate.hosts()), certificate.source(), certificate.notAfter()
                                    .map(notAfter -> "valid until " + notAfter).orElse("no certificate yet"),
                            certificate.problem().map(problem -> "; last order failed: " + problem).orElse(""));
                }
                Table table = new Table("APP", "REVISION", "HEALTHY", "PORT", "DEPLOY");
                status.apps().forEach(app -> table.row(app.app(), app.revision(), app.healthy() + "/" + app.desired(),
                        app.port() == 0 ? "" : app.port(), app.deploying() ? "in progress" : ""));
                table.print(System.out);
            }
            return 0;
        }
    }

    @Command(name = "metrics", description = {"Prints the server's metrics in Prometheus's text format (GET /metrics of its",
            "API): deploys by app, service and outcome."})
    static final class Metrics implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        ServerOptions server = new ServerOptions();

        @Override
        public Integer call() throws Exception {
            try (ApiClient client = ServerConnection.open(server)) {
                System.out.print(client.get("/metrics").text());
            }
            return 0;
        }
    }

    @Command(name = "install", description = {"Writes a systemd unit that runs the server (and enables it when systemd runs).",
            "The unit runs this Moor with this MOOR_HOME."})
    static final class Install implements Callable<Integer> {
        static final Path UNIT = Path.of("/etc/systemd/system/moor.service");

        @Option(names = "--print", description = "Print the unit instead of installing it.")
        boolean print;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            String unit = unit(ServerConnection.home());
            if (print) {
                spec.commandLine().getOut().print(unit);
                spec.commandLine().getOut().flush();
                return 0;
            }
            try {
                Files.writeString(UNIT, unit);
            } catch (IOException e) {
                throw new UserError("cannot write " + UNIT + " (" + e.getMessage() + "): run as root, or use --print");
            }
            System.out.println("moor: wrote " + UNIT);
            if (Files.isDirectory(Path.of("/run/systemd/system"))) {
                run(List.of("systemctl", "daemon-reload"));
                run(List.of("systemctl", "enable", "--now", "moor.service"));
                System.out.println("moor: enabled and started moor.service");
            } else {
                System.out.println("moor: systemd does not run here; start the server with: moor server start");
            }
            return 0;
        }

        static String unit(MoorHome home) {
            String javaCommand = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            List<String> flags = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments();
            String command = javaCommand + " " + String.join(" ", flags) + " -cp " + System.getProperty("java.class.path") + " "
                    + Main.class.getName() + " server run";
            return """
                    [Unit]
                    Description=Moor server: the control plane of this host's apps
                    Documentation=https://moor.dev/docs/operations
                    After=docker.service network-online.target
                    Wants=docker.service network-online.target

                    [Service]
                    Type=simple
                    Environment=MOOR_HOME=%s
                    ExecStart=%s
                    Restart=always
                    RestartSec=2
                    # Stopping the server never stops the apps or the edge: they are containers of their own.
                    KillMode=process
                    TimeoutStopSec=60

                    [Install]
                    WantedBy=multi-user.target
                    """.formatted(home.directory(), command);
        }

        private static void run(List<String> command) throws IOException, InterruptedException {
            Process process = new ProcessBuilder(command).inheritIO().start();
            if (process.waitFor() != 0) {
                throw new UserError(String.join(" ", command) + " failed (exit " + process.exitValue() + ")");
            }
        }
    }

    @Command(name = "issue-client", description = {"Writes a client bundle (ca.pem, client.pem, client-key.pem) that lets",
            "its holder run moor commands against this server over mutual TLS: moor --server https://HOST:PORT",
            "--client-bundle DIR status. The server's configuration must have api.listen."})
    static final class IssueClient implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME", description = "Who holds it (the certificate's name, kept with what it deploys).")
        String name;

        @Option(names = "--out", paramLabel = "DIR", description = "Where to write the bundle (default: ./moor-client-NAME).")
        Path out;

        @Option(names = "--valid", paramLabel = "DURATION", description = "How long it is valid (default: 8760h, a year).")
        String valid = "8760h";

        @Override
        public Integer call() throws Exception {
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")) {
                throw new UserError("NAME: " + name + " (expected: letters, digits, '.', '_', '@' or '-', at most 64)");
            }
            Duration validity = DurationOption.parse("--valid", valid);
            MoorHome home = ServerConnection.home().ensureExists();
            CertificateAuthority authority = CertificateAuthority.loadOrCreate(MoorServer.authorityDirectory(home));
            ClientBundle bundle = authority.issueClient(name, validity);
            Path directory = out != null ? out : Path.of("moor-client-" + name.toLowerCase(Locale.ROOT));
            Path written = bundle.writeTo(directory);
            System.out.printf("moor: wrote the client bundle of %s to %s (valid until %s)%n", name, written,
                    bundle.certificate().getNotAfter().toInstant());
            return 0;
        }
    }
}

package dev.moor.cli;

import dev.moor.api.LocalApiClient;
import dev.moor.engine.store.MoorHome;
import dev.moor.spec.SpecException;
import dev.moor.spec.SpecLoader;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds the app a command means, and the socket of the Moor that runs it. */
final class AppLocator {
    private AppLocator() {}

    static String appName(AppOptions options, MoorHome home) throws SpecException {
        if (options.app().isPresent()) {
            return options.app().get();
        }
        if (options.file().isPresent()) {
            return SpecLoader.load(options.file().get()).name();
        }
        Path here = Path.of("").toAbsolutePath();
        if (Files.isRegularFile(here.resolve("moor.yaml")) || Files.isRegularFile(here.resolve("moor.yml"))) {
            return SpecLoader.load(here).name();
        }
        List<String> running = runningApps(home);
        if (running.size() == 1) {
            return running.getFirst();
        }
        if (running.isEmpty()) {
            throw new UserError("no running Moor found (start one with: moor up DIR)");
        }
        throw new UserError("several apps run (" + String.join(", ", running) + "): choose one with --app NAME");
    }

    /** A client of the Moor that runs the app; fails with advice when none runs. */
    static LocalApiClient client(AppOptions options, MoorHome home) throws SpecException {
        String app = appName(options, home);
        Path socket = home.socket(app);
        if (!Files.exists(socket)) {
            throw new UserError("no running Moor for app " + app + " (start it with: moor up DIR)");
        }
        return new LocalApiClient(socket);
    }

    /** Apps whose Moor has a socket in the state directory (a stale socket of a killed Moor may be among them). */
    static List<String> runningApps(MoorHome home) {
        List<String> apps = new ArrayList<>();
        if (!Files.isDirectory(home.runDirectory())) {
            return apps;
        }
        try (DirectoryStream<Path> sockets = Files.newDirectoryStream(home.runDirectory(), "*.sock")) {
            for (Path socket : sockets) {
                String name = socket.getFileName().toString();
                apps.add(name.substring(0, name.length() - ".sock".length()));
            }
        } catch (IOException e) {
            throw new UserError("cannot read " + home.runDirectory() + ": " + e.getMessage());
        }
        apps.sort(null);
        return apps;
    }
}

package dev.moor.cli;

import dev.moor.server.AppSummary;
import dev.moor.server.api.ApiClient;
import dev.moor.spec.SpecException;
import dev.moor.spec.SpecLoader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Finds the app a command means: {@code --app}, {@code --file}, {@code ./moor.yaml}, or the server's only app. */
final class AppSelector {
    private AppSelector() {}

    static String appName(AppOptions options, ApiClient client) throws SpecException {
        if (options.app().isPresent()) {
            return options.app().get();
        }
        if (options.file().isPresent()) {
            return SpecLoader.load(options.file().get()).name();
        }
        Path here = Path.of("").toAbsolutePath();
        if (Files.isRegularFile(here.resolve(SpecLoader.FILE_NAME)) || Files.isRegularFile(here.resolve(SpecLoader.ALTERNATE_FILE_NAME))) {
            return SpecLoader.load(here).name();
        }
        List<String> apps = List.of(Json.read(client.get("/apps").body(), AppSummary[].class)).stream()
                .map(AppSummary::app).toList();
        if (apps.size() == 1) {
            return apps.getFirst();
        }
        if (apps.isEmpty()) {
            throw new UserError("the Moor server runs no app (start one with: moor up DIR)");
        }
        throw new UserError("the Moor server runs several apps (" + String.join(", ", apps) + "): choose one with --app NAME");
    }

    static String encode(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
    }
}

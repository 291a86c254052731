package dev.moor.spec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the whole {@code server.yaml}: the host's edge and the remote API. Every key is optional. */
final class ServerSpecReader {
    static final String EDGE = "edge";
    static final String API = "api";
    static final List<String> KEYS = List.of(EDGE, API);
    /** What an app's setting written in the server's edge is, in its problem. */
    static final String APP_SETTING = "an app's setting";

    /** The keys of an app's edge, misplaced in the server's: each app has its own. */
    private static final Map<String, MappingReader.Misplaced> APP_KEYS = appKeys();

    private final Path source;
    private final Problems problems;
    private final EdgeSettingsSpecReader edge;
    private final ApiSpecReader api;

    ServerSpecReader(Path source, Problems problems) {
        this.source = source;
        this.problems = problems;
        ValueReader values = new ValueReader(problems);
        this.edge = new EdgeSettingsSpecReader(problems, values, AppSpec.baseDirectoryOf(source));
        this.api = new ApiSpecReader(problems, values);
    }

    /** Where an app's edge setting written in {@code server.yaml} goes instead: the problem's expected text. */
    static String whereAppSetting(String key) {
        return "set it in each app's " + SpecLoader.FILE_NAME + " under " + KeyPath.child(EDGE, key)
                + "; every app has its own";
    }

    /** The configuration; meaningful only when no problem was reported. */
    Optional<ServerSpec> read(YamlNode root) {
        return MappingReader.open(root, "", root.position(), KEYS, "a map with edge and api settings", problems)
                .map(this::read);
    }

    private ServerSpec read(MappingReader server) {
        ApiSpec apiSpec = server.get(API).flatMap(node -> api.read(node, API)).orElse(ApiSpec.defaults());
        Optional<Integer> apiPort = apiSpec.listen().map(ExternalServiceSpec.HostPort::port);
        EdgeSettingsSpec edgeSpec = server.get(EDGE)
                .flatMap(node -> edge.read(node, EDGE, apiPort, APP_KEYS))
                .orElse(EdgeSettingsSpec.defaults());
        return new ServerSpec(source, edgeSpec, apiSpec);
    }

    private static Map<String, MappingReader.Misplaced> appKeys() {
        Map<String, MappingReader.Misplaced> misplaced = new LinkedHashMap<>();
        for (String key : EdgeSpecReader.KEYS) {
            misplaced.put(key, new MappingReader.Misplaced(APP_SETTING, whereAppSetting(key)));
        }
        return misplaced;
    }
}

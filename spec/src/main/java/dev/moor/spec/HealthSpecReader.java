package dev.moor.spec;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Reads {@code services.<name>.health}: exactly one of http, tcp or command (http or tcp for an external service),
 * and the timing of probes.
 */
final class HealthSpecReader {
    static final List<String> KEYS = List.of("http", "tcp", "command", "interval", "timeout", "healthy_threshold",
            "unhealthy_threshold", "start_grace");
    private static final List<String> CHECKS = List.of("http", "tcp", "command");
    private static final String ONE_CHECK = "exactly one of http: /path, tcp: true or command: [program, args]";
    private static final String ONE_EXTERNAL_CHECK = "exactly one of http: /path or tcp: true";
    private static final String THRESHOLD = "an integer >= 1";

    private final Problems problems;
    private final ValueReader values;

    HealthSpecReader(Problems problems, ValueReader values) {
        this.problems = problems;
        this.values = values;
    }

    /**
     * @param kind the service probed: http and tcp probes need a port; an external service has no container to run
     *             a command in
     */
    Optional<HealthSpec> read(YamlNode node, String path, Position at, ServiceKind kind) {
        String oneCheck = kind == ServiceKind.EXTERNAL ? ONE_EXTERNAL_CHECK : ONE_CHECK;
        Optional<MappingReader> opened = MappingReader.open(node, path, at, KEYS, "a map with " + oneCheck, problems);
        if (opened.isEmpty()) {
            return Optional.empty();
        }
        MappingReader health = opened.get();
        Optional<HealthSpec.Check> check = check(health, kind, oneCheck);
        Duration interval = duration(health, "interval", HealthSpec.DEFAULT_INTERVAL);
        Duration timeout = duration(health, "timeout", HealthSpec.DEFAULT_TIMEOUT);
        int healthy = threshold(health, "healthy_threshold", HealthSpec.DEFAULT_HEALTHY_THRESHOLD);
        int unhealthy = threshold(health, "unhealthy_threshold", HealthSpec.DEFAULT_UNHEALTHY_THRESHOLD);
        Duration startGrace = duration(health, "start_grace", HealthSpec.DEFAULT_START_GRACE);
        return check.map(probe -> new HealthSpec(probe, interval, timeout, healthy, unhealthy, startGrace));
    }

    private Optional<HealthSpec.Check> check(MappingReader health, ServiceKind serviceKind, String oneCheck) {
        if (serviceKind == ServiceKind.EXTERNAL && health.has("command")) {
            problems.unknownKey(health.keyPosition("command").orElseThrow(), health.path("command"),
                    "external services run outside Moor, with no container to run a command in: probe them with"
                            + " http or tcp");
            return Optional.empty();
        }
        List<String> written = CHECKS.stream()
                .filter(health::has)
                .sorted(Comparator.comparing(check -> health.keyPosition(check).orElseThrow()))
                .toList();
        if (written.isEmpty()) {
            problems.missing(health.at(), health.path(), oneCheck);
            return Optional.empty();
        }
        if (written.size() > 1) {
            String second = written.get(1);
            problems.invalid(health.keyPosition(second).orElseThrow(), health.path(second),
                    String.join(" and ", written), oneCheck);
            return Optional.empty();
        }
        String kind = written.getFirst();
        YamlNode node = health.get(kind).orElseThrow();
        if (!kind.equals("command") && serviceKind == ServiceKind.WITHOUT_PORT) {
            problems.invalid(node, health.path(kind), "a port on the service to probe (add port: to the service)");
            return Optional.empty();
        }
        return switch (kind) {
            case "http" -> values.matching(node, health.path(kind), Names.URL_PATH, "a path starting with '/'")
                    .map(HealthSpec.Check.Http::new);
            case "tcp" -> values.bool(node, health.path(kind)).flatMap(enabled -> {
                if (!enabled) {
                    problems.invalid(node, health.path(kind), "true (leave tcp out to probe otherwise)");
                    return Optional.empty();
                }
                return Optional.of(new HealthSpec.Check.Tcp());
            });
            default -> values.words(node, health.path(kind)).flatMap(argv -> {
                if (argv.isEmpty()) {
                    problems.invalid(node, health.path(kind), "a command to run, like [pg_isready, -q]");
                    return Optional.empty();
                }
                return Optional.of(new HealthSpec.Check.Command(argv));
            });
        };
    }

    private Duration duration(MappingReader health, String key, Duration fallback) {
        return health.get(key).flatMap(node -> values.positiveDuration(node, health.path(key))).orElse(fallback);
    }

    private int threshold(MappingReader health, String key, int fallback) {
        return health.get(key)
                .flatMap(node -> values.integer(node, health.path(key), 1, Integer.MAX_VALUE, THRESHOLD))
                .map(Long::intValue)
                .orElse(fallback);
    }
}

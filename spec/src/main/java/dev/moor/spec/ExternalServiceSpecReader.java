package dev.moor.spec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads one entry of {@code services} that has {@code external}: servers Moor routes to but does not run. */
final class ExternalServiceSpecReader {
    static final String EXTERNAL = "external";
    static final List<String> KEYS = List.of(EXTERNAL, "health");

    private static final String FORM = "host:port, with a DNS name, an IPv4 address or an IPv6 address in brackets"
            + " ([2001:db8::1]:80)";
    private static final String REFUSED = "external services run outside Moor: only " + String.join(" and ", KEYS)
            + " apply to them";

    /** Every setting of a service Moor runs, refused with the reason rather than as a misspelling. */
    private static final Map<String, String> REFUSED_KEYS = refusedKeys();

    private final Problems problems;
    private final ValueReader values;
    private final HealthSpecReader health;

    ExternalServiceSpecReader(Problems problems, ValueReader values) {
        this.problems = problems;
        this.values = values;
        this.health = new HealthSpecReader(problems, values);
    }

    Optional<ExternalServiceSpec> read(YamlNode.Entry entry) {
        String path = KeyPath.child("services", entry.key());
        Optional<MappingReader> opened = MappingReader.open(entry.value(), path, entry.keyPosition(), KEYS,
                REFUSED_KEYS, "a map with external: [host:port, …]", problems);
        if (opened.isEmpty()) {
            return Optional.empty();
        }
        MappingReader service = opened.get();
        Optional<List<ExternalServiceSpec.HostPort>> endpoints =
                endpoints(service.get(EXTERNAL).orElseThrow(), service.path(EXTERNAL));
        Optional<Optional<HealthSpec>> healthSpec = Optional.of(Optional.empty());
        if (service.has("health")) {
            healthSpec = health.read(service.get("health").orElseThrow(), service.path("health"),
                    service.keyPosition("health").orElseThrow(), ServiceKind.EXTERNAL).map(Optional::of);
        }
        if (endpoints.isEmpty() || healthSpec.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ExternalServiceSpec(entry.key(), endpoints.get(), healthSpec.get()));
    }

    private Optional<List<ExternalServiceSpec.HostPort>> endpoints(YamlNode node, String path) {
        String expected = "a list of at least one server, each " + FORM;
        if (!(node instanceof YamlNode.Sequence sequence) || sequence.items().isEmpty()) {
            problems.invalid(node, path, expected);
            return Optional.empty();
        }
        List<ExternalServiceSpec.HostPort> endpoints = new ArrayList<>();
        Map<ExternalServiceSpec.HostPort, String> pathOfEndpoint = new HashMap<>();
        boolean valid = true;
        for (int i = 0; i < sequence.items().size(); i++) {
            YamlNode item = sequence.items().get(i);
            String itemPath = KeyPath.index(path, i);
            Optional<ExternalServiceSpec.HostPort> endpoint =
                    values.hostPort(item, itemPath, FORM, false);
            if (endpoint.isEmpty()) {
                valid = false;
                continue;
            }
            String earlier = pathOfEndpoint.putIfAbsent(endpoint.get(), itemPath);
            if (earlier != null) {
                problems.invalid(item, itemPath, "a server not listed already (" + earlier + " lists it)");
                valid = false;
            } else {
                endpoints.add(endpoint.get());
            }
        }
        return valid ? Optional.of(endpoints) : Optional.empty();
    }

    private static Map<String, String> refusedKeys() {
        Map<String, String> refused = new LinkedHashMap<>();
        for (String key : ServiceSpecReader.KEYS) {
            if (!KEYS.contains(key)) {
                refused.put(key, REFUSED);
            }
        }
        return refused;
    }
}

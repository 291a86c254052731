package dev.moor.spec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Reads {@code api} of the server's {@code server.yaml}: the TCP address of the remote API and its certificate's names. */
final class ApiSpecReader {
    static final List<String> KEYS = List.of("listen", "names");

    private static final String LISTEN_FORM = "host:port, or :port for every local address, with a DNS name, an IPv4"
            + " address or an IPv6 address in brackets ([::1]:7443)";
    private static final String NAME = "a DNS name or an IP address (IPv6 without brackets)";

    private final Problems problems;
    private final ValueReader values;

    ApiSpecReader(Problems problems, ValueReader values) {
        this.problems = problems;
        this.values = values;
    }

    /**
     * The settings; those with mistakes (reported) take their defaults.
     *
     * @param path the key path of the map, {@code api}
     */
    Optional<ApiSpec> read(YamlNode node, String path) {
        return MappingReader.open(node, path, node.position(), KEYS, "a map with listen and names", problems)
                .map(this::read);
    }

    private ApiSpec read(MappingReader api) {
        Optional<ExternalServiceSpec.HostPort> listen = api.get("listen")
                .flatMap(node -> values.hostPort(node, api.path("listen"), LISTEN_FORM, true));
        List<String> names = api.get("names").map(node -> names(node, api)).orElse(List.of());
        return new ApiSpec(listen, names);
    }

    private List<String> names(YamlNode node, MappingReader api) {
        String path = api.path("names");
        if (!(node instanceof YamlNode.Sequence sequence)) {
            problems.invalid(node, path, "a list, each " + NAME);
            return List.of();
        }
        if (!sequence.items().isEmpty() && !api.has("listen")) {
            problems.invalid(node, path, "api.listen with it: the names are those of the remote API's certificate");
            return List.of();
        }
        List<String> names = new ArrayList<>();
        Map<String, String> pathOfName = new HashMap<>();
        for (int i = 0; i < sequence.items().size(); i++) {
            YamlNode item = sequence.items().get(i);
            String itemPath = KeyPath.index(path, i);
            Optional<String> name = values.string(item, itemPath, NAME).flatMap(text -> name(item, itemPath, text));
            if (name.isEmpty()) {
                continue;
            }
            String earlier = pathOfName.putIfAbsent(name.get(), itemPath);
            if (earlier != null) {
                problems.invalid(item, itemPath, "a name not listed already (" + earlier + " lists it)");
            } else {
                names.add(name.get());
            }
        }
        return names;
    }

    /** The name lower case; an IPv6 address as written (lower case), without brackets. */
    private Optional<String> name(YamlNode item, String path, String text) {
        String name = text.toLowerCase(Locale.ROOT);
        boolean valid = name.contains(":") ? IpAddresses.parse(name).isPresent() : ValueReader.isHostName(name);
        if (!valid) {
            problems.invalid(item, path, NAME);
            return Optional.empty();
        }
        return Optional.of(name);
    }
}

package dev.moor.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads an app's {@code edge}: the public port its routes are served on and how its replicas are balanced. The
 * edge-wide settings are the server's ({@link EdgeSettingsSpecReader}); written here, each is reported as misplaced,
 * with where it goes.
 */
final class EdgeSpecReader {
    static final List<String> KEYS = List.of("listen", "balancing");
    /** What a misplaced edge-wide setting is, in its problem. */
    static final String EDGE_WIDE = "an edge-wide setting";

    private static final Map<String, EdgeSpec.Balancing> BALANCING = ValueReader.byName(EdgeSpec.Balancing.values());
    private static final Map<String, MappingReader.Misplaced> EDGE_WIDE_KEYS = edgeWideKeys();

    private final Problems problems;
    private final ValueReader values;

    EdgeSpecReader(Problems problems, ValueReader values) {
        this.problems = problems;
        this.values = values;
    }

    /** Where an edge-wide setting written in an app's file goes instead: the problem's expected text. */
    static String whereEdgeWide(String key) {
        return "set it in the server's configuration, " + ServerSpecLoader.FILE_NAME + " under "
                + KeyPath.child(ServerSpecReader.EDGE, key) + "; one edge serves every app of the host";
    }

    /** The edge; its settings with mistakes (reported) take their defaults. */
    Optional<EdgeSpec> read(YamlNode node) {
        return MappingReader.open(node, "edge", node.position(), KEYS, Map.of(), EDGE_WIDE_KEYS,
                "a map with listen and balancing", problems).map(this::read);
    }

    private EdgeSpec read(MappingReader edge) {
        Optional<Integer> listen = edge.get("listen").flatMap(node -> values.port(node, edge.path("listen")));
        EdgeSpec.Balancing balancing = edge.get("balancing")
                .flatMap(node -> values.oneOf(BALANCING, node, edge.path("balancing")))
                .orElse(EdgeSpec.Balancing.P2C);
        return new EdgeSpec(listen, balancing);
    }

    private static Map<String, MappingReader.Misplaced> edgeWideKeys() {
        Map<String, MappingReader.Misplaced> misplaced = new LinkedHashMap<>();
        for (String key : EdgeSettingsSpecReader.KEYS) {
            misplaced.put(key, new MappingReader.Misplaced(EDGE_WIDE, whereEdgeWide(key)));
        }
        return misplaced;
    }
}

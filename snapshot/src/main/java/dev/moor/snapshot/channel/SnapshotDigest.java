package dev.moor.snapshot.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.moor.snapshot.EdgeSnapshot;
import dev.moor.snapshot.SnapshotJson;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A SHA-256 of a snapshot's content, without its version: equal for snapshots of equal content, in any JVM. So a
 * restarted server, whose versions start again, can tell that an edge already serves what it would send.
 *
 * <p>Maps and sets come out of the records in an order that changes from one JVM to the next, so the digest is
 * taken over a canonical form of the JSON: object keys sorted, and arrays of strings sorted (in the model those
 * are sets, like a route's methods, or lists whose order means nothing, like trusted proxies). Arrays of objects
 * (routes, endpoints, backends) keep their order.
 */
public final class SnapshotDigest {
    private SnapshotDigest() {}

    /** {@code sha256:} and 64 hex digits. */
    public static String of(EdgeSnapshot snapshot) {
        return ofJson(SnapshotJson.write(snapshot));
    }

    /** The digest of a snapshot's JSON, as {@link SnapshotJson} writes it. */
    static String ofJson(String json) {
        JsonNode tree = SnapshotJson.read(json, JsonNode.class);
        StringBuilder canonical = new StringBuilder(1024);
        appendObject(tree, canonical, true);
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256: missing from this JVM", e);
        }
    }

    private static void append(JsonNode node, StringBuilder out) {
        if (node.isObject()) {
            appendObject(node, out, false);
        } else if (node.isArray()) {
            List<JsonNode> elements = new ArrayList<>(node.size());
            node.elements().forEachRemaining(elements::add);
            if (elements.stream().allMatch(JsonNode::isTextual)) {
                elements.sort((a, b) -> a.textValue().compareTo(b.textValue()));
            }
            out.append('[');
            for (int i = 0; i < elements.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                append(elements.get(i), out);
            }
            out.append(']');
        } else {
            out.append(node);
        }
    }

    private static void appendObject(JsonNode node, StringBuilder out, boolean root) {
        Map<String, JsonNode> fields = new TreeMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!(root && field.getKey().equals("version"))) {
                fields.put(field.getKey(), field.getValue());
            }
        }
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, JsonNode> field : fields.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            out.append(TextNode.valueOf(field.getKey())).append(':');
            append(field.getValue(), out);
        }
        out.append('}');
    }
}

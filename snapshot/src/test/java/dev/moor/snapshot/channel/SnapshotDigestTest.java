package dev.moor.snapshot.channel;

import dev.moor.snapshot.EdgeSnapshot;
import dev.moor.snapshot.ForwardingPolicy;
import dev.moor.snapshot.SnapshotJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SnapshotDigestTest {
    @Test
    void theVersionDoesNotCount() {
        assertThat(SnapshotDigest.of(MessageCodecTest.snapshot(1))).isEqualTo(SnapshotDigest.of(MessageCodecTest.snapshot(2)))
                .startsWith("sha256:").hasSize(7 + 64);
    }

    @Test
    void theOrderOfMapsAndSetsDoesNotCount() {
        EdgeSnapshot snapshot = MessageCodecTest.snapshot(1);
        // The same snapshot with its sets and maps written in the reverse order, as another JVM may write them.
        ObjectNode tree = SnapshotJson.read(SnapshotJson.write(snapshot), ObjectNode.class);
        ArrayNode methods = (ArrayNode) tree.get("routes").get(0).get("methods");
        List<JsonNode> reversed = new ArrayList<>();
        methods.elements().forEachRemaining(reversed::add);
        Collections.reverse(reversed);
        methods.removeAll().addAll(reversed);
        ObjectNode clusters = (ObjectNode) tree.get("clusters");
        List<String> names = new ArrayList<>();
        clusters.fieldNames().forEachRemaining(names::add);
        ObjectNode reordered = tree.objectNode();
        for (String name : names.reversed()) {
            reordered.set(name, clusters.get(name));
        }
        tree.set("clusters", reordered);
        String json = SnapshotJson.write(tree);

        assertThat(json).isNotEqualTo(SnapshotJson.write(snapshot));
        assertThat(SnapshotDigest.ofJson(json)).isEqualTo(SnapshotDigest.of(snapshot));
    }

    @Test
    void anyChangeOfContentCounts() {
        EdgeSnapshot snapshot = MessageCodecTest.snapshot(1);
        EdgeSnapshot other = new EdgeSnapshot(1, snapshot.routes(), snapshot.clusters(),
                new ForwardingPolicy(List.of("10.0.0.0/8", "192.168.0.0/16"), false, Duration.ofSeconds(6)));

        assertThat(SnapshotDigest.of(other)).isNotEqualTo(SnapshotDigest.of(snapshot));
        assertThat(SnapshotDigest.of(EdgeSnapshot.EMPTY)).isNotEqualTo(SnapshotDigest.of(snapshot));
    }
}

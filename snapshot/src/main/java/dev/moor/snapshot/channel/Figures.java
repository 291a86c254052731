package dev.moor.snapshot.channel;

import com.fasterxml.jackson.annotation.JsonTypeName;

import java.util.Map;

/**
 * The edge's per-cluster figures, sent every second to the server, which judges canaries and blue-green switches on
 * them: the edge's own histograms, not a second measurement.
 *
 * @param clusters by cluster name, the clusters whose figures changed since the edge's last message on this connection
 *                 (in its first, every cluster that was sent a request since the edge started); a cluster left out
 *                 has the figures it had
 */
@JsonTypeName("figures")
public record Figures(Map<String, ClusterFigures> clusters) implements ChannelMessage {
    public Figures {
        clusters = clusters == null ? Map.of() : Map.copyOf(clusters);
    }
}

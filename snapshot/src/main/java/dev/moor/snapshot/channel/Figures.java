package dev.moor.snapshot.channel;

import com.fasterxml.jackson.annotation.JsonTypeName;

import java.util.Map;

/**
 * The edge's per-cluster figures, sent every second to the server, which judges canaries and blue-green switches on
 * them: the edge's own histograms, not a second measurement.
 *
 * @param clusters by cluster name, every cluster that served a request since the edge started
 */
@JsonTypeName("figures")
public record Figures(Map<String, ClusterFigures> clusters) implements ChannelMessage {
    public Figures {
        clusters = clusters == null ? Map.of() : Map.copyOf(clusters);
    }
}

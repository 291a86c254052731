package dev.moor.snapshot.channel;

import com.fasterxml.jackson.annotation.JsonTypeName;

import java.util.List;

/**
 * Endpoints that left the edge's snapshot and have no request in flight any more: the server may stop them.
 *
 * @param endpointIds their {@link dev.moor.snapshot.Endpoint#id()}s
 */
@JsonTypeName("drained")
public record Drained(List<String> endpointIds) implements ChannelMessage {
    public Drained {
        endpointIds = endpointIds == null ? List.of() : List.copyOf(endpointIds);
    }
}

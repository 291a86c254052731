package dev.moor.snapshot.channel;

import com.fasterxml.jackson.annotation.JsonTypeName;

/** The server is alive; sent every {@link Welcome#ping()}. The edge does not answer. */
@JsonTypeName("ping")
public record Ping() implements ChannelMessage {}

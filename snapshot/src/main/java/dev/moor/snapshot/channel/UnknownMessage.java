package dev.moor.snapshot.channel;

/**
 * A message of a type this side does not know, from a newer peer: ignored. Never written.
 *
 * @param type the message's {@code type}
 */
public record UnknownMessage(String type) implements ChannelMessage {}

package dev.moor.snapshot.channel;

/** The version of the channel's protocol, which the edge states in its {@link Hello}. */
public final class ChannelProtocol {
    /**
     * The protocol this build speaks. Adding a message type or a field does not change it (the other side ignores
     * what it does not know); changing what an existing message means does.
     */
    public static final int VERSION = 1;

    private ChannelProtocol() {}
}

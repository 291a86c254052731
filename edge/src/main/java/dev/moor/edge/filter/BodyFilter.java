package dev.moor.edge.filter;

import io.netty.buffer.ByteBuf;

/**
 * Transforms one response's body as it streams to the client. Each call takes over the buffer it is given (it must
 * release it or pass it on) and returns the bytes to send now, which the edge takes over; an empty or null result
 * sends nothing yet. Exactly one of {@link #end()} and {@link #abort()} is called last.
 */
public interface BodyFilter {
    /** A piece of the body as it arrived from the upstream. */
    ByteBuf chunk(ByteBuf data);

    /** The body ended: what is left to send, or null. */
    ByteBuf end();

    /** The response was cut short (the client or the upstream went away): let go of what is held. */
    void abort();
}

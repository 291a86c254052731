package dev.moor.edge.compression;

import io.netty.buffer.ByteBuf;

/**
 * Compresses one response body as its chunks arrive. Each chunk's output is flushed: a client can decode every byte
 * of a chunk from what {@link #encode} returned for it and before, so a streamed response (server-sent events, a
 * long page sent in parts) is not held back waiting for more input. Used on one thread (the response's event loop).
 *
 * <p>A response ends with {@link #finish}, or, when it is abandoned, {@link #release}; either frees the encoder's
 * native state (or returns it to its event loop's pool). {@link #release} after {@link #finish} does nothing, so a
 * caller may release in a {@code finally}. Any other call after either throws {@link IllegalStateException}.
 */
public interface Encoder {
    Coding coding();

    /**
     * Compresses {@code chunk} and releases it, even when this throws.
     *
     * @return the compressed bytes, which the caller releases (an empty buffer for an empty chunk)
     * @throws io.netty.handler.codec.compression.CompressionException when the library fails; the encoder is released
     */
    ByteBuf encode(ByteBuf chunk);

    /**
     * Ends the compressed stream (its last block and trailer) and frees the encoder.
     *
     * @return the last compressed bytes, which the caller releases
     */
    ByteBuf finish();

    /** Frees the encoder without ending the stream: the response was abandoned. */
    void release();
}

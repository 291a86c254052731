package dev.moor.snapshot.channel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;

/** Writes messages to a byte channel, one line each; safe to call from several threads. */
public final class MessageWriter {
    private final WritableByteChannel out;

    public MessageWriter(WritableByteChannel out) {
        this.out = out;
    }

    /** Blocks until the whole line is written (or the channel fails or is closed). */
    public void write(ChannelMessage message) throws IOException {
        byte[] line = (MessageCodec.encode(message) + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.wrap(line);
        synchronized (this) {
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
        }
    }
}

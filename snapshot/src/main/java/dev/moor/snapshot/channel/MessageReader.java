package dev.moor.snapshot.channel;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads newline-delimited messages from a byte channel. Reads the channel directly rather than through
 * {@code Channels.newInputStream}, whose stream holds the channel's blocking lock while it waits, so that a writer on
 * another thread would wait for the next message to arrive.
 */
public final class MessageReader {
    private final ReadableByteChannel in;
    private final int maxLineBytes;
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024).flip();
    private byte[] line = new byte[1024];
    private int length;
    private long lineNumber;

    /**
     * @param maxLineBytes the longest line accepted: a peer that sends more is refused rather than buffered
     */
    public MessageReader(ReadableByteChannel in, int maxLineBytes) {
        if (maxLineBytes <= 0) {
            throw new IllegalArgumentException("maxLineBytes: " + maxLineBytes + " (expected: > 0)");
        }
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /**
     * Waits for the next message. Blank lines are skipped.
     *
     * @return the message, or null when the peer closed the connection between two messages
     * @throws MalformedMessageException when a line is not a message, or is too long
     * @throws EOFException              when the connection ended in the middle of a line
     */
    public ChannelMessage read() throws IOException {
        while (true) {
            String text = readLine();
            if (text == null) {
                return null;
            }
            if (!text.isBlank()) {
                return MessageCodec.decode(text, lineNumber);
            }
        }
    }

    /** The number of the line read last (the first is 1). */
    public long lineNumber() {
        return lineNumber;
    }

    private String readLine() throws IOException {
        length = 0;
        while (true) {
            if (!buffer.hasRemaining()) {
                buffer.clear();
                int read = in.read(buffer);
                buffer.flip();
                if (read < 0) {
                    if (length == 0) {
                        return null;
                    }
                    throw new EOFException("line " + (lineNumber + 1) + ": the connection ended after " + length
                            + " bytes of it (expected: a line ending with \\n)");
                }
                continue;
            }
            int start = buffer.position();
            int end = start;
            int limit = buffer.limit();
            byte[] bytes = buffer.array();
            while (end < limit && bytes[end] != '\n') {
                end++;
            }
            append(bytes, start, end - start);
            if (end < limit) {
                buffer.position(end + 1);
                lineNumber++;
                int n = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
                return new String(line, 0, n, StandardCharsets.UTF_8);
            }
            buffer.position(limit);
        }
    }

    private void append(byte[] bytes, int offset, int count) throws MalformedMessageException {
        if ((long) length + count > maxLineBytes) {
            throw new MalformedMessageException(lineNumber + 1, "longer than " + maxLineBytes
                    + " bytes (expected: a message of at most that size)", null);
        }
        if (length + count > line.length) {
            line = Arrays.copyOf(line, Math.min(maxLineBytes, Math.max(line.length * 2, length + count)));
        }
        System.arraycopy(bytes, offset, line, length, count);
        length += count;
    }
}

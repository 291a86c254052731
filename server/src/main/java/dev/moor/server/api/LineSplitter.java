package dev.moor.server.api;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Cuts a streamed body into lines as its bytes arrive, and hands each non-empty one on; a line that is a stream's
 * error ends the stream with that error.
 */
final class LineSplitter {

    private static final int MAX_LINE_BYTES = 16 * 1024 * 1024;

    private final Consumer<String> lines;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    LineSplitter(Consumer<String> lines) {
        this.lines = lines;
    }

    void feed(byte[] bytes, int offset, int length) {
        int start = offset;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            if (bytes[i] == '\n') {
                pending.write(bytes, start, i - start);
                emit();
                start = i + 1;
            }
        }
        pending.write(bytes, start, end - start);
        if (pending.size() > MAX_LINE_BYTES) {
            throw new ApiException(502, "the Moor server sent a line longer than " + MAX_LINE_BYTES + " bytes");
        }
    }

    /** The end of the body: a last line without a newline still counts. */
    void finish() {
        if (pending.size() > 0) {
            emit();
        }
    }

    private void emit() {
        String line = pending.toString(StandardCharsets.UTF_8);
        pending.reset();
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        if (line.isEmpty()) {
            return;
        }
        ApiException error = ClientSupport.streamError(line);
        if (error != null) {
            throw error;
        }
        lines.accept(line);
    }
}

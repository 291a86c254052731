package dev.moor.docker;

import dev.moor.engine.runtime.LogLine;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Cuts the chunks of a container's stdout and stderr into lines. A chunk may end inside a line, or inside a
 * UTF-8 character, so each stream keeps its unfinished line until its newline arrives.
 */
final class LogLineSplitter {

    private final String containerId;
    private final Consumer<LogLine> sink;
    private final Map<LogLine.Stream, ByteArrayOutputStream> pending = new EnumMap<>(LogLine.Stream.class);

    LogLineSplitter(String containerId, Consumer<LogLine> sink) {
        this.containerId = containerId;
        this.sink = sink;
    }

    void accept(LogLine.Stream stream, byte[] chunk) {
        ByteArrayOutputStream line = pending.computeIfAbsent(stream, s -> new ByteArrayOutputStream());
        for (byte b : chunk) {
            if (b == '\n') {
                emit(stream, line);
            } else {
                line.write(b);
            }
        }
    }

    /** Emits the unfinished lines, for the end of the stream. */
    void flush() {
        pending.forEach((stream, line) -> {
            if (line.size() > 0) {
                emit(stream, line);
            }
        });
    }

    private void emit(LogLine.Stream stream, ByteArrayOutputStream line) {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        sink.accept(new LogLine(containerId, stream, text));
    }
}

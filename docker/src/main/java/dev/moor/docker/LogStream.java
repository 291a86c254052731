package dev.moor.docker;

import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.moor.engine.runtime.LogLine;

import java.util.function.Consumer;

/** A container's log, demultiplexed into lines; {@code onEnd} runs once when it ends for any reason. */
final class LogStream extends EngineStream<Frame> {

    private final LogLineSplitter lines;
    private final Runnable onEnd;

    LogStream(String containerId, Consumer<LogLine> sink, Runnable onEnd) {
        this.lines = new LogLineSplitter(containerId, sink);
        this.onEnd = onEnd;
    }

    @Override
    protected void item(Frame frame) {
        // A container with a TTY has one raw stream, which is its stdout.
        LogLine.Stream stream = frame.getStreamType() == StreamType.STDERR ? LogLine.Stream.STDERR : LogLine.Stream.STDOUT;
        lines.accept(stream, frame.getPayload());
    }

    @Override
    protected void ended(Throwable failure, boolean closedHere) {
        try {
            lines.flush();
        } finally {
            onEnd.run();
        }
    }
}

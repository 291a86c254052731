package dev.moor.docker;

import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.api.model.ResponseItem;

import java.util.function.Consumer;

/** The output of an image build, passed on line by line, and the build's error if it failed. */
final class BuildProgress extends EngineStream<BuildResponseItem> {

    private final Consumer<String> progress;
    private final StringBuilder unfinishedLine = new StringBuilder();
    private volatile String lastStep;
    private volatile String error;
    private volatile Throwable failure;

    BuildProgress(Consumer<String> progress) {
        this.progress = progress;
    }

    @Override
    protected void item(BuildResponseItem item) {
        if (item.getStream() != null) {
            unfinishedLine.append(item.getStream());
            int newline;
            while ((newline = unfinishedLine.indexOf("\n")) >= 0) {
                emit(unfinishedLine.substring(0, newline));
                unfinishedLine.delete(0, newline + 1);
            }
        }
        if (item.isErrorIndicated() && error == null) {
            ResponseItem.ErrorDetail detail = item.getErrorDetail();
            error = detail != null && detail.getMessage() != null ? detail.getMessage() : "no reason given";
        }
    }

    @Override
    protected void ended(Throwable failure, boolean closedHere) {
        emit(unfinishedLine.toString());
        unfinishedLine.setLength(0);
        this.failure = failure;
    }

    private void emit(String line) {
        String text = line.stripTrailing();
        if (!text.isBlank()) {
            if (text.startsWith("Step ")) {
                lastStep = text;
            }
            progress.accept(text);
        }
    }

    /** The engine's error message, e.g. the step that failed; null when the build succeeded. */
    String error() {
        return error;
    }

    /** The last step the builder announced, e.g. {@code Step 2/4 : RUN make}; null before the first. */
    String lastStep() {
        return lastStep;
    }

    /** How the answer broke off, if it did. */
    Throwable failure() {
        return failure;
    }
}

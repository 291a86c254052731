package dev.moor.docker;

import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.api.model.ResponseItem;

import java.util.function.Consumer;

/** The answer of an image pull: one line per status the engine reports, and its error if it fails. */
final class PullProgress extends EngineStream<PullResponseItem> {

    private final Consumer<String> progress;
    private volatile String error;
    private volatile Throwable failure;
    private String lastLine;

    PullProgress(Consumer<String> progress) {
        this.progress = progress;
    }

    @Override
    protected void item(PullResponseItem item) {
        if (item.isErrorIndicated() && error == null) {
            ResponseItem.ErrorDetail detail = item.getErrorDetail();
            error = detail != null && detail.getMessage() != null ? detail.getMessage()
                    : item.getError() != null ? item.getError() : "no reason given";
            return;
        }
        if (item.getStatus() == null) {
            return;
        }
        // Byte-level progress ("Downloading [==>  ]") repeats for every chunk: report each layer's phases only.
        String line = (item.getId() == null ? "" : item.getId() + ": ") + item.getStatus();
        if (!line.equals(lastLine)) {
            lastLine = line;
            progress.accept(line);
        }
    }

    @Override
    protected void ended(Throwable failure, boolean closedHere) {
        this.failure = failure;
    }

    String error() {
        return error;
    }

    Throwable failure() {
        return failure;
    }
}

package dev.moor.docker;

import com.github.dockerjava.api.model.Frame;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** What a command run in a container prints, stdout and stderr in arrival order, cut at a limit. */
final class ExecOutput extends EngineStream<Frame> {

    private final int limit;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private volatile Throwable failure;

    ExecOutput(int limit) {
        this.limit = limit;
    }

    @Override
    protected void item(Frame frame) {
        byte[] payload = frame.getPayload();
        int room = limit - bytes.size();
        if (payload != null && room > 0) {
            bytes.write(payload, 0, Math.min(room, payload.length));
        }
    }

    @Override
    protected void ended(Throwable failure, boolean closedHere) {
        this.failure = failure;
    }

    synchronized String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    Throwable failure() {
        return failure;
    }
}

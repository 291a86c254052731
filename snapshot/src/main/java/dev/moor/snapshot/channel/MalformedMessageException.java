package dev.moor.snapshot.channel;

import java.io.IOException;

/** A line of the channel that is not a message: the connection cannot go on, since the peer is not speaking it. */
public final class MalformedMessageException extends IOException {
    private final long line;

    MalformedMessageException(long line, String message, Throwable cause) {
        super("line " + line + ": " + message, cause);
        this.line = line;
    }

    /** The line of the connection (the first is 1) that was wrong. */
    public long line() {
        return line;
    }
}

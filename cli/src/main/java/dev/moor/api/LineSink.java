package dev.moor.api;

/**
 * Where a {@link StreamHandler} writes its lines: each one becomes a chunk of the response, flushed at once.
 * Writing blocks while the client is slower than the handler, so a fast source never piles up in memory.
 */
public interface LineSink {

    /**
     * Sends one line; a newline is added unless the text already ends with one.
     *
     * @return false when the client has gone away and nothing was sent
     */
    boolean line(String text);

    /**
     * Sends a value as one line of JSON.
     *
     * @return false when the client has gone away and nothing was sent
     */
    boolean json(Object value);

    /** False once the client has gone away (or the server is closing): the handler should stop. */
    boolean isOpen();

    /**
     * Runs an action once when the connection closes, for example to close the source the handler reads;
     * runs it at once if the connection is already closed. The action runs on a virtual thread of its own.
     */
    void onClose(Runnable action);
}

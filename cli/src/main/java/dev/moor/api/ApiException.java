package dev.moor.api;

/**
 * An HTTP error of the local API. Thrown by a handler, it becomes a response with this status and
 * {@code {"error": message}}; on the client it carries the server's status and error message, or 503 when no
 * Moor answers on the socket and 504 when Moor does not answer in time.
 */
public class ApiException extends RuntimeException {

    private final int status;

    public ApiException(int status, String message) {
        super(message);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status: " + status + " (expected: 400..599)");
        }
        this.status = status;
    }

    public int status() {
        return status;
    }
}

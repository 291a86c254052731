package dev.moor.server.api;

/**
 * An HTTP error of Moor's API. Thrown by a handler, it becomes a response with this status and
 * {@code {"error": message}}; an {@link ApiClient} throws it with the server's status and error message, or with
 * 503 when no server answers, 502 when the connection breaks and 504 when the server does not answer in time.
 */
public class ApiException extends RuntimeException {

    private final int status;

    public ApiException(int status, String message) {
        this(status, message, null);
    }

    public ApiException(int status, String message, Throwable cause) {
        super(message, cause);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status: " + status + " (expected: 400..599)");
        }
        this.status = status;
    }

    public int status() {
        return status;
    }
}

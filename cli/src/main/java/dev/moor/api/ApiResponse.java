package dev.moor.api;

/**
 * What a {@link JsonHandler} answers: an HTTP status and a body serialised with {@link ApiJson}; a null body
 * sends no content (for 204).
 */
public record ApiResponse(int status, Object body) {

    public ApiResponse {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("status: " + status + " (expected: 200..599)");
        }
    }

    public static ApiResponse ok(Object body) {
        return new ApiResponse(200, body);
    }

    public static ApiResponse of(int status, Object body) {
        return new ApiResponse(status, body);
    }
}

package dev.moor.api;

/** The error message a client receives when a handler fails unexpectedly. */
final class HandlerFailure {

    private HandlerFailure() {
    }

    static String describe(ApiRequest request, Throwable failure) {
        String reason = failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
        return request.method() + " " + request.path() + " failed: " + reason;
    }
}

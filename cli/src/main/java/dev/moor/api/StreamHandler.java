package dev.moor.api;

/**
 * Answers one request of the local API with a stream of lines (logs, events); runs on its own virtual thread
 * until it returns or the client goes away (see {@link LineSink#isOpen()} and {@link LineSink#onClose}).
 */
@FunctionalInterface
public interface StreamHandler {

    /**
     * @throws ApiException before the first line to answer with its status and {@code {"error": message}};
     *                      after the first line any exception ends the stream abruptly, which the client
     *                      reports as an error
     */
    void stream(ApiRequest request, LineSink sink) throws Exception;
}

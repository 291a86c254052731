package dev.moor.api;

/** Answers one request of the local API with JSON; runs on its own virtual thread, so it may block. */
@FunctionalInterface
public interface JsonHandler {

    /**
     * @throws ApiException to answer with its status and {@code {"error": message}}; any other exception
     *                      answers 500 and is logged
     */
    ApiResponse handle(ApiRequest request) throws Exception;
}

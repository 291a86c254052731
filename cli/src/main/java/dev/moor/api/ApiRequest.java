package dev.moor.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * One request to the local API: the exact path, its query parameters (the first value of each) and the raw
 * body, read as JSON only when a handler asks for it.
 */
public record ApiRequest(HttpMethod method, String path, Map<String, String> query, byte[] body) {

    public ApiRequest {
        query = Map.copyOf(query);
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    public Optional<String> param(String name) {
        return Optional.ofNullable(query.get(name));
    }

    /** The body as a JSON tree; a missing or malformed body is the caller's error (400). */
    public JsonNode json() {
        requireBody();
        try {
            return ApiJson.mapper().readTree(body);
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    /** The body bound to {@code type}; a missing, malformed or mismatched body is the caller's error (400). */
    public <T> T json(Class<T> type) {
        requireBody();
        try {
            return ApiJson.mapper().readValue(body, type);
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    private void requireBody() {
        if (body.length == 0) {
            throw new ApiException(400, method + " " + path + ": empty request body (expected: JSON)");
        }
    }

    private ApiException malformed(IOException e) {
        String reason = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
        return new ApiException(400, method + " " + path + ": invalid JSON body: " + reason);
    }

    @Override
    public String toString() {
        return "ApiRequest[" + method + " " + path + " " + query + ", " + body.length + " bytes]";
    }
}

package dev.moor.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A successful (2xx) answer of the API: its status and body, read as JSON on demand. */
public record ApiResponse(int status, byte[] body) {

    public ApiResponse {
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public JsonNode json() {
        try {
            return ApiJson.mapper().readTree(body);
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    public <T> T json(Class<T> type) {
        try {
            return ApiJson.mapper().readValue(body, type);
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    private static UncheckedIOException unreadable(IOException e) {
        String reason = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
        return new UncheckedIOException("unreadable answer from the Moor server: " + reason, e);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ApiResponse that && status == that.status && Arrays.equals(body, that.body);
    }

    @Override
    public int hashCode() {
        return 31 * status + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "ApiResponse[" + status + ", " + body.length + " bytes]";
    }
}

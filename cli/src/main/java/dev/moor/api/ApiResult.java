package dev.moor.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** A successful answer of the local API: its status and body, read as JSON on demand. */
public record ApiResult(int status, byte[] body) {

    public ApiResult {
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

    public <T> T json(TypeReference<T> type) {
        try {
            return ApiJson.mapper().readValue(body, type);
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    private static UncheckedIOException unreadable(IOException e) {
        String reason = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
        return new UncheckedIOException("unreadable answer from Moor: " + reason, e);
    }

    @Override
    public String toString() {
        return "ApiResult[" + status + ", " + body.length + " bytes]";
    }
}

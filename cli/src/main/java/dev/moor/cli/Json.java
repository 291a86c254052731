package dev.moor.cli;

import dev.moor.server.api.ApiJson;

import com.fasterxml.jackson.core.JsonProcessingException;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The CLI's JSON: reads the server's answers into the server's own records, prints them for {@code --json}. */
final class Json {
    private Json() {}

    static <T> T read(String json, Class<T> type) {
        try {
            return ApiJson.mapper().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("unreadable answer from the Moor server: " + e.getOriginalMessage()
                    + " in " + json, e);
        }
    }

    static <T> T read(byte[] json, Class<T> type) {
        return read(new String(json, StandardCharsets.UTF_8), type);
    }

    static String pretty(Object value) {
        try {
            return ApiJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}

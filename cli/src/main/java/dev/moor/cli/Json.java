package dev.moor.cli;

import dev.moor.api.ApiJson;

import com.fasterxml.jackson.core.JsonProcessingException;

final class Json {
    private Json() {}

    static String write(Object value) {
        try {
            return ApiJson.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    static String pretty(Object value) {
        try {
            return ApiJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}

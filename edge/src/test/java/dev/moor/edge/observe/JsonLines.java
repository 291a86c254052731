package dev.moor.edge.observe;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads access log output back: one flat JSON object per line, strictly parsed. */
final class JsonLines {
    private static final JsonFactory JSON = new JsonFactory();

    private JsonLines() {}

    static List<Map<String, Object>> parse(byte[] output) {
        String text = new String(output, StandardCharsets.UTF_8);
        List<Map<String, Object>> objects = new ArrayList<>();
        if (text.isEmpty()) {
            return objects;
        }
        if (!text.endsWith("\n")) {
            throw new AssertionError("output does not end with a newline: " + text);
        }
        for (String line : text.substring(0, text.length() - 1).split("\n", -1)) {
            objects.add(parseObject(line));
        }
        return objects;
    }

    /** Field values as String, Long, BigDecimal (for decimals, to see the exact digits) or null. */
    static Map<String, Object> parseObject(String line) {
        try (JsonParser parser = JSON.createParser(line)) {
            Map<String, Object> fields = new LinkedHashMap<>();
            expect(parser.nextToken(), JsonToken.START_OBJECT, line);
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
                expect(token, JsonToken.FIELD_NAME, line);
                String name = parser.currentName();
                Object value = switch (parser.nextToken()) {
                    case VALUE_STRING -> parser.getText();
                    case VALUE_NUMBER_INT -> parser.getLongValue();
                    case VALUE_NUMBER_FLOAT -> parser.getDecimalValue();
                    case VALUE_NULL -> null;
                    default -> throw new AssertionError("unexpected " + parser.currentToken() + " in " + line);
                };
                if (fields.containsKey(name)) {
                    throw new AssertionError("duplicate field " + name + " in " + line);
                }
                fields.put(name, value);
            }
            if (parser.nextToken() != null) {
                throw new AssertionError("more than one value on a line: " + line);
            }
            return fields;
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + line, e);
        }
    }

    private static void expect(JsonToken actual, JsonToken expected, String line) {
        if (actual != expected) {
            throw new AssertionError("expected " + expected + " but got " + actual + " in " + line);
        }
    }
}

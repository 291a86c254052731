package dev.moor.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** What both clients share: checking requests, writing bodies, reading errors. */
final class ClientSupport {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    static final int MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
    static final String UPLOAD_CONTENT_TYPE = "application/octet-stream";
    static final int MAX_ERROR_BYTES = 64 * 1024;

    private static final Pattern METHOD = Pattern.compile("[A-Z]{1,16}");
    private static final Set<String> FIELDS_OF_AN_ERROR_LINE = Set.of("error", "status");

    private ClientSupport() {
    }

    /** How long an upload of {@code bytes} may take to be answered: the usual deadline and 1 s per MiB. */
    static Duration uploadTimeout(long bytes) {
        return REQUEST_TIMEOUT.plusSeconds(bytes >> 20);
    }

    /** The size of a file to upload. */
    static long uploadSize(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " to upload it: " + describe(e), e);
        }
    }

    static String checkedMethod(String method) {
        if (method == null || !METHOD.matcher(method).matches()) {
            throw new IllegalArgumentException("method: " + method + " (expected: an HTTP method such as GET or POST)");
        }
        return method;
    }

    static String checkedPath(String pathAndQuery) {
        if (pathAndQuery == null || !pathAndQuery.startsWith("/") || pathAndQuery.chars().anyMatch(c -> c <= ' ' || c >= 127)) {
            throw new IllegalArgumentException("path: " + pathAndQuery + " (expected: an absolute, URL-encoded path "
                    + "such as /apps/shop/status)");
        }
        return pathAndQuery;
    }

    /** {@code body} as JSON, or null for none. */
    static byte[] json(Object body, String path) {
        if (body == null) {
            return null;
        }
        try {
            return ApiJson.mapper().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write the request to " + path + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** The error a server answered, from its {@code {"error": ...}} body when it has one. */
    static ApiException answered(int status, byte[] body) {
        if (status < 400 || status > 599) {
            return new ApiException(502, "the Moor server answered " + status + " (expected: 2xx, or an error)");
        }
        return new ApiException(status, errorMessage(status, body));
    }

    private static String errorMessage(int status, byte[] body) {
        try {
            JsonNode error = ApiJson.mapper().readTree(body).path("error");
            if (error.isTextual()) {
                return error.asText();
            }
        } catch (IOException notJson) {
            // Not one of Moor's own errors (Jetty's, for a request it could not parse): its text says enough.
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.length() > 500) {
            text = text.substring(0, 500) + "…";
        }
        return text.isEmpty() ? "HTTP " + status : "HTTP " + status + ": " + text;
    }

    /**
     * The error a stream ended with, when {@code line} is one: an object of only {@code error} (and {@code status}),
     * as the server writes when a handler fails after its stream began.
     */
    static ApiException streamError(String line) {
        if (!line.startsWith("{") || !line.contains("\"error\"")) {
            return null;
        }
        try {
            JsonNode node = ApiJson.mapper().readTree(line);
            if (!node.isObject() || !node.path("error").isTextual()) {
                return null;
            }
            for (var names = node.fieldNames(); names.hasNext(); ) {
                if (!FIELDS_OF_AN_ERROR_LINE.contains(names.next())) {
                    return null;
                }
            }
            int status = node.path("status").asInt(500);
            return new ApiException(status >= 400 && status <= 599 ? status : 500, node.path("error").asText());
        } catch (IOException e) {
            return null;
        }
    }

    /** "60s", or "300ms" below a second. */
    static String describe(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName().toLowerCase(Locale.ROOT) : message;
    }
}

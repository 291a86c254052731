package dev.moor.docker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.exception.DockerException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns what docker-java reports into the sentence the engine said, without HTTP status or JSON. */
final class DockerErrors {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STATUS_PREFIX = Pattern.compile("^Status \\d+: ", Pattern.DOTALL);

    private DockerErrors() {}

    /** The engine's own message: docker-java wraps it as {@code Status 404: {"message":"No such container: x"}}. */
    static String message(DockerException e) {
        return engineMessage(e.getMessage());
    }

    static String engineMessage(String raw) {
        if (raw == null || raw.isBlank()) {
            return "no reason given";
        }
        Matcher status = STATUS_PREFIX.matcher(raw);
        String body = (status.find() ? raw.substring(status.end()) : raw).strip();
        if (body.startsWith("{")) {
            try {
                JsonNode message = JSON.readTree(body).get("message");
                if (message != null && message.isTextual()) {
                    return message.asText().strip();
                }
            } catch (JsonProcessingException notJson) {
                return body;
            }
        }
        return body.isEmpty() ? "no reason given" : body;
    }

    /** The innermost cause's message, for failures below HTTP (socket missing, connection refused, TLS). */
    static String rootCause(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }
}

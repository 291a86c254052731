package dev.moor.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The client's failures, as {@link ApiException}s whose messages tell the user what is wrong. */
final class ClientErrors {

    private ClientErrors() {
    }

    static ApiException noMoor(Path socket) {
        return new ApiException(503, "no running Moor at " + socket + " (is 'moor up' running?)");
    }

    static ApiException connectFailed(Path socket, Throwable cause) {
        if (cause instanceof ConnectTimeoutException) {
            return new ApiException(504, "Moor at " + socket + " did not accept a connection within "
                    + LocalApiClient.CONNECT_TIMEOUT.toSeconds() + "s");
        }
        if (Files.notExists(socket)) {
            return noMoor(socket);
        }
        if (!Files.exists(socket) || !Files.isWritable(socket)) {
            return new ApiException(503, "cannot connect to Moor at " + socket
                    + ": permission denied (only the user running 'moor up' and root may use it)");
        }
        if (cause instanceof ConnectException) {
            return noMoor(socket); // refused: the socket file of a Moor that is gone
        }
        return new ApiException(503, "cannot connect to Moor at " + socket + ": " + cause.getMessage());
    }

    static ApiException failed(Path socket, Throwable cause) {
        return new ApiException(502, "the connection to Moor at " + socket + " failed: " + cause.getMessage());
    }

    static ApiException closedEarly(Path socket) {
        return new ApiException(502, "Moor at " + socket + " closed the connection before the end of its answer");
    }

    /** The error a server answered, from its {@code {"error": ...}} body when it has one. */
    static ApiException answered(int status, byte[] body) {
        return new ApiException(status <= 599 ? status : 502, errorMessage(status, body));
    }

    private static String errorMessage(int status, byte[] body) {
        try {
            JsonNode error = ApiJson.mapper().readTree(body).path("error");
            if (error.isTextual()) {
                return error.asText();
            }
        } catch (IOException notJson) {
            String text = new String(body, StandardCharsets.UTF_8).strip();
            if (!text.isEmpty()) {
                return text;
            }
        }
        return status + " " + HttpResponseStatus.valueOf(status).reasonPhrase();
    }
}

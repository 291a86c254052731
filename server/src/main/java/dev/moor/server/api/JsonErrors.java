package dev.moor.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.validation.ValidationError;
import io.javalin.validation.ValidationException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every error of the API is {@code {"error": "..."}} with its status, unknown paths included. */
final class JsonErrors {

    private static final Logger LOG = LoggerFactory.getLogger(JsonErrors.class);

    private JsonErrors() {
    }

    static void install(RoutesConfig routes) {
        routes.exception(ApiException.class, (e, ctx) -> answer(ctx, e.status(), e.getMessage()));
        // Javalin's own: 404 for an unknown path, 405, BadRequestResponse and the like.
        routes.exception(HttpResponseException.class, (e, ctx) -> answer(ctx, e.getStatus(), e.getMessage()));
        routes.exception(ValidationException.class, (e, ctx) -> answer(ctx, 400, describe(e.getErrors())));
        routes.exception(JsonProcessingException.class, (e, ctx) -> answer(ctx, 400,
                "the request body is not the JSON expected: " + e.getOriginalMessage()));
        routes.exception(Exception.class, (e, ctx) -> {
            if (ctx.res().isCommitted() && causedBy(e, IOException.class)) {
                LOG.debug("{} {}: the client went away", ctx.method(), ctx.path(), e);
                return;
            }
            LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
            answer(ctx, 500, "internal error of the Moor server: " + e);
        });
    }

    private static void answer(Context ctx, int status, String message) {
        String text = message == null || message.isBlank() ? "HTTP " + status : message;
        if (!ctx.res().isCommitted()) {
            ctx.status(status).json(Map.of("error", text));
            return;
        }
        // Too late for a status: the body has begun. A stream says it failed in its last line.
        String contentType = ctx.res().getContentType();
        if (contentType == null || !contentType.startsWith(NdjsonStream.CONTENT_TYPE)) {
            LOG.warn("{} {} failed after its response began: {}", ctx.method(), ctx.path(), text);
            return;
        }
        Object stream = ctx.attribute(OpenStreams.ATTRIBUTE);
        if (stream instanceof NdjsonStream open) {
            open.end(status, text);
            return;
        }
        try {
            OutputStream out = ctx.res().getOutputStream();
            out.write(ApiJson.mapper().writeValueAsBytes(Map.of("error", text, "status", status)));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            LOG.debug("{} {}: cannot send the error line, the client went away", ctx.method(), ctx.path(), e);
        }
    }

    private static String describe(Map<String, ? extends List<? extends ValidationError<?>>> errors) {
        return errors.entrySet().stream()
                .map(entry -> entry.getKey() + ": " + entry.getValue().stream()
                        .map(ValidationError::getMessage)
                        .collect(Collectors.joining(", ")))
                .collect(Collectors.joining("; "));
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause) || cause instanceof UncheckedIOException) {
                return true;
            }
        }
        return false;
    }
}

package dev.moor.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * A streamed response of newline-delimited JSON (logs -f, events -f, deploy progress): each {@link #send(Object)}
 * reaches the client as one line at once. A handler opens it, sends while it has something to say, and returns to
 * end the response. When the client goes away, the next send throws and the handler ends.
 *
 * <p>A stream that fails after it started cannot change its status any more: it ends with a last line
 * {@code {"error": "..."}}, which {@link ApiClient#stream} turns back into an {@link ApiException}.
 */
public final class NdjsonStream {

    public static final String CONTENT_TYPE = "application/x-ndjson";

    private static final byte[] NEWLINE = {'\n'};

    private final OutputStream out;
    // Guarded by this: the handler's thread sends, the server's may end the stream when it stops.
    private String endedBecause;

    private NdjsonStream(OutputStream out) {
        this.out = out;
    }

    /** Starts a 200 response of NDJSON on {@code ctx} and sends its headers at once. */
    public static NdjsonStream open(Context ctx) {
        ctx.status(200);
        ctx.contentType(CONTENT_TYPE);
        ctx.header("Cache-Control", "no-store");
        NdjsonStream stream;
        try {
            // The servlet stream, not ctx.outputStream(): Javalin's wrapper of it does not pass flush() on.
            OutputStream out = ctx.res().getOutputStream();
            out.flush();
            stream = new NdjsonStream(out);
        } catch (IOException e) {
            throw clientGone(e);
        }
        OpenStreams open = openStreams(ctx);
        if (open != null) {
            open.add(stream);
            ctx.attribute(OpenStreams.ATTRIBUTE, stream);
        }
        return stream;
    }

    private static OpenStreams openStreams(Context ctx) {
        try {
            return ctx.appData(OpenStreams.KEY);
        } catch (RuntimeException notAnApiServer) {
            return null;
        }
    }

    /**
     * Sends {@code value} as one JSON line.
     *
     * @throws UncheckedIOException when the client has gone away
     */
    public void send(Object value) {
        byte[] line;
        try {
            line = ApiJson.mapper().writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write a " + value.getClass().getName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
        write(line);
    }

    /**
     * Sends an empty line, which clients skip. A stream that may be quiet for long (events -f) sends one now and
     * then to learn that its client went away: the send throws, and the handler can end and release what it holds.
     */
    public void heartbeat() {
        write(new byte[0]);
    }

    /** Ends the stream with the error line {@code message}; later sends throw. */
    synchronized void end(int status, String message) {
        if (endedBecause != null) {
            return;
        }
        endedBecause = message;
        try {
            out.write(ApiJson.mapper().writeValueAsBytes(Map.of("error", message, "status", status)));
            out.write(NEWLINE);
            out.flush();
        } catch (IOException e) {
            // The client has gone already: nobody is left to tell.
        }
    }

    private synchronized void write(byte[] line) {
        if (endedBecause != null) {
            throw new UncheckedIOException(new IOException("the stream has ended: " + endedBecause));
        }
        try {
            out.write(line);
            out.write(NEWLINE);
            out.flush();
        } catch (IOException e) {
            throw clientGone(e);
        }
    }

    private static UncheckedIOException clientGone(IOException e) {
        return new UncheckedIOException("the client of the stream went away: " + e.getMessage(), e);
    }
}

package dev.moor.server.api;

import io.javalin.config.Key;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The streams an {@link ApiServer} is sending, so that stopping can tell their clients why they end. */
final class OpenStreams {

    static final Key<OpenStreams> KEY = new Key<>("dev.moor.server.api.open-streams");
    /** The request attribute holding a request's stream, for removal when its handler is done. */
    static final String ATTRIBUTE = "dev.moor.server.api.stream";

    private final Set<NdjsonStream> streams = ConcurrentHashMap.newKeySet();

    void add(NdjsonStream stream) {
        streams.add(stream);
    }

    void remove(NdjsonStream stream) {
        streams.remove(stream);
    }

    /** Ends every open stream with the error {@code message}: its client throws it, its handler's next send fails. */
    void endAll(int status, String message) {
        for (NdjsonStream stream : streams) {
            stream.end(status, message);
        }
        streams.clear();
    }
}

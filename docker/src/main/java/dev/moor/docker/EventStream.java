package dev.moor.docker;

import com.github.dockerjava.api.model.Event;
import dev.moor.engine.runtime.ContainerEvent;
import dev.moor.engine.runtime.ContainerRuntimeException;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/** Container events passed on as they come; {@code onError} runs once if the stream breaks. */
final class EventStream extends EngineStream<Event> {

    /**
     * Docker mixes these into an event's attributes next to the container's labels; the rest are labels.
     * Moor's own labels are namespaced ({@code moor.*}) and never collide with them.
     */
    private static final Set<String> NOT_LABELS = Set.of("image", "name", "exitCode", "signal", "execID", "oldName");

    private final Consumer<ContainerEvent> listener;
    private final Consumer<Throwable> onError;
    private final String endpoint;

    EventStream(Consumer<ContainerEvent> listener, Consumer<Throwable> onError, String endpoint) {
        this.listener = listener;
        this.onError = onError;
        this.endpoint = endpoint;
    }

    @Override
    protected void item(Event event) {
        listener.accept(toContainerEvent(event));
    }

    @Override
    protected void ended(Throwable failure, boolean closedHere) {
        if (closedHere) {
            return;
        }
        onError.accept(failure != null
                ? new ContainerRuntimeException("the event stream of the Docker engine at " + endpoint + " broke: "
                        + DockerErrors.rootCause(failure), failure)
                : new ContainerRuntimeException("the Docker engine at " + endpoint + " ended the event stream"));
    }

    static ContainerEvent toContainerEvent(Event event) {
        Map<String, String> labels = new HashMap<>();
        if (event.getActor() != null && event.getActor().getAttributes() != null) {
            event.getActor().getAttributes().forEach((key, value) -> {
                if (!NOT_LABELS.contains(key) && value != null) {
                    labels.put(key, value);
                }
            });
        }
        String id = event.getActor() != null && event.getActor().getId() != null ? event.getActor().getId() : event.getId();
        String action = Objects.requireNonNullElse(event.getAction(), Objects.requireNonNullElse(event.getStatus(), ""));
        Instant time = event.getTimeNano() != null
                ? Instant.ofEpochSecond(0, event.getTimeNano())
                : Instant.ofEpochSecond(Objects.requireNonNullElse(event.getTime(), 0L));
        return new ContainerEvent(id, action, labels, time);
    }
}

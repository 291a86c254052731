package dev.moor.spec;

import java.util.Optional;

/**
 * The edge listener in front of the app's services.
 *
 * @param listen the port the edge listens on, when the app has an edge
 */
public record EdgeSpec(Optional<Integer> listen) {
    public static EdgeSpec none() {
        return new EdgeSpec(Optional.empty());
    }
}

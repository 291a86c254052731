package dev.moor.snapshot;

import java.time.Duration;

/**
 * @param connect        to open an upstream connection
 * @param responseHeader from the end of the request to the upstream's response head
 * @param idle           without a byte in either direction, on a client or upstream connection
 */
public record Timeouts(Duration connect, Duration responseHeader, Duration idle) {
    public static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(60));
}

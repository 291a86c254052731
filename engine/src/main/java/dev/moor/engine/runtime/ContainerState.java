package dev.moor.engine.runtime;

import java.util.Locale;

/** The engine's view of a container, as Docker names it. */
public enum ContainerState {
    CREATED, RUNNING, RESTARTING, PAUSED, EXITED, DEAD, REMOVING;

    /** Parses Docker's state word ({@code running}, {@code exited}, ...). */
    public static ContainerState parse(String dockerState) {
        return valueOf(dockerState.trim().toUpperCase(Locale.ROOT));
    }

    /** Whether the container's process runs or is about to run again by the engine's own restart policy. */
    public boolean isAlive() {
        return this == RUNNING || this == RESTARTING || this == PAUSED;
    }
}

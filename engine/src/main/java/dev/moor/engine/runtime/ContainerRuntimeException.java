package dev.moor.engine.runtime;

/** A container engine refused or failed an operation; the message says what and why, for the user. */
public class ContainerRuntimeException extends RuntimeException {
    public ContainerRuntimeException(String message) {
        super(message);
    }

    public ContainerRuntimeException(String message, Throwable cause) {
        super(message, cause);
    }
}

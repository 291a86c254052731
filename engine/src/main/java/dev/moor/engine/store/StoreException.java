package dev.moor.engine.store;

/** The store could not be read or written; the message says what. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.moor.cli;

/** A failure the user can fix; its message says how. Printed without a stack trace. */
final class UserError extends RuntimeException {
    UserError(String message) {
        super(message);
    }
}

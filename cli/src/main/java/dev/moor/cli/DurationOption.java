package dev.moor.cli;

import dev.moor.spec.Durations;

import java.time.Duration;

final class DurationOption {
    private DurationOption() {}

    static Duration parse(String option, String value) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new UserError(option + ": " + value + " (" + e.getMessage() + ")");
        }
    }
}

package dev.moor.spec;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as moor.yaml writes them: {@code 2s}, {@code 1m30s}, {@code 500ms}, {@code 1h}, {@code 365d}. */
public final class Durations {
    static final String EXPECTED = "a duration like 2s, 1m30s or 500ms";

    private static final Pattern GROUP = Pattern.compile("([0-9]+)(ms|d|h|m|s)");
    private static final String[] UNITS = {"d", "h", "m", "s", "ms"};

    private Durations() {}

    /**
     * Parses one or more {@code <integer><unit>} groups, units {@code d}, {@code h}, {@code m}, {@code s}, {@code ms}
     * in decreasing order, each at most once. No bare numbers, spaces or signs.
     *
     * @throws IllegalArgumentException with the message {@code expected: a duration like 2s, 1m30s or 500ms}
     */
    public static Duration parse(String text) {
        Matcher group = GROUP.matcher(text);
        Duration total = Duration.ZERO;
        int end = 0;
        int nextUnit = 0;
        try {
            while (end < text.length()) {
                group.region(end, text.length());
                if (!group.lookingAt()) {
                    throw invalid();
                }
                int unit = unitIndex(group.group(2));
                if (unit < nextUnit) {
                    throw invalid();
                }
                total = total.plus(of(Long.parseLong(group.group(1)), unit));
                nextUnit = unit + 1;
                end = group.end();
            }
        } catch (ArithmeticException | NumberFormatException e) {
            throw invalid();
        }
        if (end == 0) {
            throw invalid();
        }
        return total;
    }

    /**
     * Writes a duration the way {@link #parse} reads it, largest units first (hours at most): 90 seconds is
     * {@code 1m30s}, zero is {@code 0s}. Parts below a millisecond are dropped.
     *
     * @throws IllegalArgumentException for a negative duration
     */
    public static String format(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("expected: a duration >= 0");
        }
        long hours = duration.toHours();
        int minutes = duration.toMinutesPart();
        int seconds = duration.toSecondsPart();
        int millis = duration.toMillisPart();
        StringBuilder text = new StringBuilder();
        append(text, hours, "h");
        append(text, minutes, "m");
        append(text, seconds, "s");
        append(text, millis, "ms");
        return text.isEmpty() ? "0s" : text.toString();
    }

    private static void append(StringBuilder text, long amount, String unit) {
        if (amount > 0) {
            text.append(amount).append(unit);
        }
    }

    private static int unitIndex(String unit) {
        for (int i = 0; i < UNITS.length; i++) {
            if (UNITS[i].equals(unit)) {
                return i;
            }
        }
        throw new IllegalStateException("the pattern allows only d, h, m, s and ms, not " + unit);
    }

    private static Duration of(long amount, int unit) {
        return switch (unit) {
            case 0 -> Duration.ofDays(amount);
            case 1 -> Duration.ofHours(amount);
            case 2 -> Duration.ofMinutes(amount);
            case 3 -> Duration.ofSeconds(amount);
            default -> Duration.ofMillis(amount);
        };
    }

    private static IllegalArgumentException invalid() {
        return new IllegalArgumentException("expected: " + EXPECTED);
    }
}

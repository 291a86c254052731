package dev.moor.spec;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes in bytes as moor.yaml writes them: an integer with an optional unit. {@code K}/{@code KB}, {@code M}/{@code MB},
 * {@code G}/{@code GB} count in powers of 1000; {@code Ki}/{@code KiB}, {@code Mi}/{@code MiB}, {@code Gi}/{@code GiB}
 * in powers of 1024; lowercase {@code k}, {@code m}, {@code g} mean what they mean to Docker, powers of 1024; a bare
 * integer or {@code B} is bytes.
 */
public final class Sizes {
    static final String EXPECTED = "a size like 512Mi, 1Gi or 1048576";

    private static final long KI = 1024;
    private static final long MI = KI * 1024;
    private static final long GI = MI * 1024;
    private static final Pattern SIZE = Pattern.compile("([0-9]+)([A-Za-z]*)");
    private static final Map<String, Long> UNITS = Map.ofEntries(
            Map.entry("", 1L), Map.entry("B", 1L),
            Map.entry("K", 1_000L), Map.entry("KB", 1_000L),
            Map.entry("M", 1_000_000L), Map.entry("MB", 1_000_000L),
            Map.entry("G", 1_000_000_000L), Map.entry("GB", 1_000_000_000L),
            Map.entry("Ki", KI), Map.entry("KiB", KI), Map.entry("k", KI),
            Map.entry("Mi", MI), Map.entry("MiB", MI), Map.entry("m", MI),
            Map.entry("Gi", GI), Map.entry("GiB", GI), Map.entry("g", GI));

    private Sizes() {}

    /** @throws IllegalArgumentException with the message {@code expected: a size like 512Mi, 1Gi or 1048576} */
    public static long parse(String text) {
        Matcher size = SIZE.matcher(text);
        if (!size.matches() || !UNITS.containsKey(size.group(2))) {
            throw invalid();
        }
        try {
            return Math.multiplyExact(Long.parseLong(size.group(1)), UNITS.get(size.group(2)));
        } catch (ArithmeticException | NumberFormatException e) {
            throw invalid();
        }
    }

    /** Writes bytes in the largest binary unit that divides them exactly: {@code 256Mi}, {@code 1536Ki}, {@code 1000}. */
    public static String format(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("expected: a size >= 0");
        }
        if (bytes == 0) {
            return "0";
        }
        if (bytes % GI == 0) {
            return bytes / GI + "Gi";
        }
        if (bytes % MI == 0) {
            return bytes / MI + "Mi";
        }
        if (bytes % KI == 0) {
            return bytes / KI + "Ki";
        }
        return Long.toString(bytes);
    }

    private static IllegalArgumentException invalid() {
        return new IllegalArgumentException("expected: " + EXPECTED);
    }
}

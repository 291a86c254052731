package dev.moor.edge.routing;

import java.util.Map;

/**
 * A read-only map from strings to values that is queried with a range of a larger string and that range's
 * {@link #hash hash}, which the caller computes while scanning for the range's end: a lookup of a path segment
 * or of a host without its port allocates nothing and reads each character once or twice. Open addressing, at
 * most half full.
 */
final class CharRangeMap<V> {
    private final String[] keys;
    private final Object[] values;
    private final int mask;
    private final boolean ignoreAsciiCase;

    private CharRangeMap(Map<String, V> entries, boolean ignoreAsciiCase) {
        int capacity = Integer.highestOneBit(Math.max(1, entries.size()) * 4 - 1);
        this.keys = new String[capacity];
        this.values = new Object[capacity];
        this.mask = capacity - 1;
        this.ignoreAsciiCase = ignoreAsciiCase;
        entries.forEach((key, value) -> {
            int h = 0;
            for (int i = 0; i < key.length(); i++) {
                h = hash(h, key.charAt(i));
            }
            int slot = spread(h) & mask;
            while (keys[slot] != null) {
                slot = (slot + 1) & mask;
            }
            keys[slot] = key;
            values[slot] = value;
        });
    }

    /** Keys compare exactly. */
    static <V> CharRangeMap<V> caseSensitive(Map<String, V> entries) {
        return new CharRangeMap<>(entries, false);
    }

    /** Keys must be lower case; lookups must fold ASCII upper case (DNS names are case-insensitive). */
    static <V> CharRangeMap<V> ignoringAsciiCase(Map<String, V> entries) {
        return new CharRangeMap<>(entries, true);
    }

    /** The hash of a range so far, extended by its next character; a range's hash starts at 0. */
    static int hash(int hashSoFar, char next) {
        return 31 * hashSoFar + next;
    }

    /** A character as keys of a map {@link #ignoringAsciiCase ignoring case} hold it. */
    static char lowerAscii(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    /**
     * The value of the key equal to {@code text[from, to)}, whose {@code hash} the caller computed (over
     * {@link #lowerAscii} characters for a map ignoring case), or null.
     */
    @SuppressWarnings("unchecked")
    V get(String text, int from, int to, int hash) {
        int length = to - from;
        int slot = spread(hash) & mask;
        String key;
        while ((key = keys[slot]) != null) {
            if (key.length() == length && regionEquals(key, text, from)) {
                return (V) values[slot];
            }
            slot = (slot + 1) & mask;
        }
        return null;
    }

    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }

    private boolean regionEquals(String key, String text, int from) {
        if (ignoreAsciiCase) {
            for (int i = 0; i < key.length(); i++) {
                if (key.charAt(i) != lowerAscii(text.charAt(from + i))) {
                    return false;
                }
            }
        } else {
            for (int i = 0; i < key.length(); i++) {
                if (key.charAt(i) != text.charAt(from + i)) {
                    return false;
                }
            }
        }
        return true;
    }
}

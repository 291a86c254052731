package dev.moor.edge.waf;

import java.util.Map;

/**
 * A fixed table from ASCII words to a class byte, looked up case-insensitively in a region of a {@link CharSequence}
 * without copying it: the detectors look up every word of every inspected value, so the common path allocates
 * nothing.
 */
final class WordTable {
    private final char[][] keys;
    private final byte[] classes;
    private final int mask;
    private final int longest;

    WordTable(Map<String, Character> words) {
        int size = Integer.highestOneBit(Math.max(16, words.size() * 4) - 1) << 1;
        keys = new char[size][];
        classes = new byte[size];
        mask = size - 1;
        int max = 0;
        for (Map.Entry<String, Character> word : words.entrySet()) {
            char[] key = word.getKey().toLowerCase(java.util.Locale.ROOT).toCharArray();
            max = Math.max(max, key.length);
            int slot = hash(key, 0, key.length) & mask;
            while (keys[slot] != null) {
                if (java.util.Arrays.equals(keys[slot], key)) {
                    throw new IllegalArgumentException("word listed twice: " + word.getKey());
                }
                slot = (slot + 1) & mask;
            }
            keys[slot] = key;
            classes[slot] = (byte) word.getValue().charValue();
        }
        longest = max;
    }

    /** The class of {@code text[from, to)}, or 0 when the word is not in the table. */
    byte lookup(CharSequence text, int from, int to) {
        int length = to - from;
        if (length == 0 || length > longest) {
            return 0;
        }
        int h = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                return 0;
            }
            h = 31 * h + lower(c);
        }
        int slot = mix(h) & mask;
        while (true) {
            char[] key = keys[slot];
            if (key == null) {
                return 0;
            }
            if (key.length == length && sameLowercase(key, text, from)) {
                return classes[slot];
            }
            slot = (slot + 1) & mask;
        }
    }

    private static boolean sameLowercase(char[] key, CharSequence text, int from) {
        for (int i = 0; i < key.length; i++) {
            if (key[i] != lower(text.charAt(from + i))) {
                return false;
            }
        }
        return true;
    }

    private static int hash(char[] key, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + key[i];
        }
        return mix(h);
    }

    private static int mix(int h) {
        return h ^ (h >>> 16) * 0x45d9f3b;
    }

    static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }
}

package dev.moor.spec;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** "Did you mean …?" for a misspelt word among the words valid at its place. */
final class Suggestions {
    private static final int MAX_DISTANCE = 2;

    private Suggestions() {}

    /**
     * The closest candidate within edit distance 2, else the first that is a prefix of the word or has it as one.
     * A short word may differ in at most half its letters, or {@code ALL} would suggest {@code KILL}.
     */
    static Optional<String> closest(String word, Collection<String> candidates) {
        int maxDistance = Math.min(MAX_DISTANCE, word.length() / 2);
        Optional<String> near = candidates.stream()
                .filter(candidate -> distance(word, candidate) <= maxDistance)
                .min(Comparator.comparingInt(candidate -> distance(word, candidate)));
        if (near.isPresent() || word.isEmpty()) {
            return near;
        }
        return candidates.stream()
                .filter(candidate -> candidate.startsWith(word) || word.startsWith(candidate))
                .findFirst();
    }

    /** The hint of an unknown key: a suggestion, or every key allowed there. */
    static String forUnknownKey(String key, Collection<String> allowed) {
        if (key.equals("<<")) {
            return "YAML merge keys are not supported; write the keys out";
        }
        return closest(key, allowed)
                .map(suggestion -> "did you mean '" + suggestion + "'?")
                .orElse("expected one of: " + String.join(", ", allowed));
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}

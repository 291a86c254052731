package dev.moor.spec;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SuggestionsTest {
    private static final List<String> KEYS = List.of("image", "build", "replicas", "port", "publish_ip", "stop_grace");

    @Test
    void levenshteinDistance() {
        assertThat(Suggestions.distance("replcas", "replicas")).isEqualTo(1);
        assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
        assertThat(Suggestions.distance("same", "same")).isZero();
    }

    @Test
    void suggestsTheClosestWithinTwoEdits() {
        assertThat(Suggestions.closest("replcas", KEYS)).contains("replicas");
        assertThat(Suggestions.closest("imgae", KEYS)).contains("image");
        assertThat(Suggestions.closest("prot", KEYS)).contains("port");
        assertThat(Suggestions.closest("volumes", KEYS)).isEmpty();
    }

    @Test
    void suggestsByPrefixWhenNothingIsClose() {
        assertThat(Suggestions.closest("publish", KEYS)).contains("publish_ip");
        assertThat(Suggestions.closest("build_context", KEYS)).contains("build");
    }

    @Test
    void shortWordsNeedMostOfTheirLettersRight() {
        assertThat(Suggestions.closest("ALL", Capabilities.NAMES)).isEmpty();
        assertThat(Suggestions.closest("KIL", Capabilities.NAMES)).contains("KILL");
    }
}

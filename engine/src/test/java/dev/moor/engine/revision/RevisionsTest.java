package dev.moor.engine.revision;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RevisionsTest {
    @Test
    void digestDependsOnTextAndScaleButNotOnScaleOrder() {
        String base = Revisions.digest("app: echo\n", Map.of());
        assertThat(Revisions.digest("app: echo\n", Map.of())).isEqualTo(base);
        assertThat(Revisions.digest("app: echo2\n", Map.of())).isNotEqualTo(base);
        assertThat(Revisions.digest("app: echo\n", Map.of("web", 2))).isNotEqualTo(base);
        assertThat(Revisions.digest("app: echo\n", new java.util.LinkedHashMap<>(Map.of("a", 1, "b", 2))))
                .isEqualTo(Revisions.digest("app: echo\n", new java.util.TreeMap<>(Map.of("b", 2, "a", 1))));
    }
}

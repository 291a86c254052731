package dev.moor.engine.revision;

import dev.moor.engine.image.PreparedImage;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RevisionsTest {
    @Test
    void digestDependsOnTextScaleAndImageIdsButNotOnOrder() {
        Map<String, PreparedImage> images = Map.of("web", new PreparedImage("web:1", "sha256:aa"));
        String base = Revisions.digest("app: echo\n", Map.of(), images);
        assertThat(Revisions.digest("app: echo\n", Map.of(), images)).isEqualTo(base);
        assertThat(Revisions.digest("app: echo2\n", Map.of(), images)).isNotEqualTo(base);
        assertThat(Revisions.digest("app: echo\n", Map.of("web", 2), images)).isNotEqualTo(base);
        assertThat(Revisions.digest("app: echo\n", Map.of(), Map.of("web", new PreparedImage("web:1", "sha256:bb"))))
                .as("the same tag, rebuilt").isNotEqualTo(base);
        assertThat(Revisions.digest("app: echo\n", new java.util.LinkedHashMap<>(Map.of("a", 1, "b", 2)), images))
                .isEqualTo(Revisions.digest("app: echo\n", new java.util.TreeMap<>(Map.of("b", 2, "a", 1)), images));
    }
}

package dev.moor.edge.agent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class EdgeTrainingTest {
    @TempDir
    Path state;

    @Test
    void proxiesEveryRequestOfTheTrainingToItsBackendAndStops() throws Exception {
        ByteArrayOutputStream lines = new ByteArrayOutputStream();

        int ok = EdgeTraining.run(state, 25, new PrintStream(lines, true, StandardCharsets.UTF_8));

        assertThat(ok).isEqualTo(50);
        assertThat(lines.toString(StandardCharsets.UTF_8))
                .contains("serving snapshot 1 from " + state.resolve("snapshot.json"))
                .contains("edge training: listening on :");
    }
}

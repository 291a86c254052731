package dev.moor.cli;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;

class ServerProcessTest {

    @Test
    void onlyTheTuningThatTheStartingCommandWritesIsTaken() {
        assertThatIllegalArgumentException().isThrownBy(() -> ServerProcess.run(List.of("--verbose", "yes")))
                .withMessage("--verbose (expected: --resync or --orphan-grace)");
        assertThatIllegalArgumentException().isThrownBy(() -> ServerProcess.run(List.of("--resync")))
                .withMessage("--resync: no value (expected: --resync DURATION)");
    }
}

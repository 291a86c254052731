package dev.moor.docker;

import dev.moor.engine.runtime.ContainerRuntimeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DockerRuntimeConnectTest {

    @Test
    void saysWhereNoEngineAnswers(@TempDir Path dir) {
        String host = "unix://" + dir.resolve("docker.sock");

        assertThatThrownBy(() -> DockerRuntime.connect(host))
                .isInstanceOf(ContainerRuntimeException.class)
                .hasMessageStartingWith("no Docker engine answers at " + host + ": ");
    }

    @Test
    void speaksTheLowerOfTheEnginesAndItsOwnNewestApiVersion() {
        assertThat(DockerRuntime.negotiate("1.41").getVersion()).isEqualTo("1.41");
        assertThat(DockerRuntime.negotiate("1.44").getVersion()).isEqualTo("1.44");
        assertThat(DockerRuntime.negotiate("1.51").getVersion()).isEqualTo("1.44");
        assertThat(DockerRuntime.negotiate(null).getVersion()).isEqualTo("1.44");
    }

    @Test
    void roundsStopGraceUpToWholeSeconds() {
        assertThat(HardenedContainer.seconds(Duration.ofSeconds(10))).isEqualTo(10);
        assertThat(HardenedContainer.seconds(Duration.ofMillis(1500))).isEqualTo(2);
        assertThat(HardenedContainer.seconds(Duration.ZERO)).isZero();
        assertThat(HardenedContainer.seconds(Duration.ofSeconds(-3))).isZero();
    }
}

package dev.moor.docker;

import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;

import static org.assertj.core.api.Assertions.assertThat;

class DockerErrorsTest {

    @Test
    void keepsOnlyTheEnginesSentence() {
        assertThat(DockerErrors.message(new NotFoundException("{\"message\":\"No such container: abc\"}\n")))
                .isEqualTo("No such container: abc");
        assertThat(DockerErrors.message(new ConflictException("{\"message\":\"Conflict. The container name \\\"/web\\\" is already in use\"}")))
                .isEqualTo("Conflict. The container name \"/web\" is already in use");
        assertThat(DockerErrors.engineMessage("Status 500: page not found")).isEqualTo("page not found");
        assertThat(DockerErrors.engineMessage("Status 500: {not json")).isEqualTo("{not json");
        assertThat(DockerErrors.engineMessage("Status 500: ")).isEqualTo("no reason given");
    }

    @Test
    void findsTheInnermostCause() {
        var failure = new RuntimeException(new UncheckedIOException(new IOException("Connection refused")));

        assertThat(DockerErrors.rootCause(failure)).isEqualTo("Connection refused");
        assertThat(DockerErrors.rootCause(new IllegalStateException())).isEqualTo("IllegalStateException");
    }
}

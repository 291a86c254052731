package dev.moor.docker;

import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.core.DockerClientConfig;
import dev.moor.engine.runtime.ContainerEvent;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** How the streams read docker-java's callbacks, fed with what the engine sends. */
class EngineStreamsTest {

    @Test
    void buildProgressPassesWholeLinesAndKeepsTheErrorAndTheFailingStep() throws IOException {
        List<String> progress = new ArrayList<>();
        BuildProgress build = new BuildProgress(progress::add);
        build.onStart(() -> {});
        build.onNext(item("{\"stream\":\"Step 1/2 : FROM base\\n\"}"));
        build.onNext(item("{\"stream\":\" ---\\u003e 5d0da3dc9764\\nStep 2/2 : RUN make\\n\"}"));
        build.onNext(item("{\"stream\":\"compiling\"}"));
        build.onNext(item("{\"stream\":\" main.c\\n\\n\"}"));
        build.onNext(item("{\"errorDetail\":{\"code\":2,\"message\":\"The command '/bin/sh -c make' returned a non-zero code: 2\"},"
                + "\"error\":\"The command '/bin/sh -c make' returned a non-zero code: 2\"}"));
        build.onComplete();

        assertThat(progress).containsExactly("Step 1/2 : FROM base", " ---> 5d0da3dc9764", "Step 2/2 : RUN make",
                "compiling main.c");
        assertThat(build.lastStep()).isEqualTo("Step 2/2 : RUN make");
        assertThat(build.error()).isEqualTo("The command '/bin/sh -c make' returned a non-zero code: 2");
        assertThat(build.failure()).isNull();
    }

    @Test
    void eventsCarryTheContainersLabelsWithoutDockersOwnAttributes() throws IOException {
        Event event = DockerClientConfig.getDefaultObjectMapper().readValue("""
                {"status":"die","id":"abc123","from":"echo:dev","Type":"container","Action":"die",
                 "Actor":{"ID":"abc123","Attributes":{"exitCode":"137","image":"echo:dev","name":"echo-web-1",
                 "moor.app":"echo","moor.service":"web"}},"time":1700000000,"timeNano":1700000000123456789}
                """, Event.class);

        assertThat(EventStream.toContainerEvent(event)).isEqualTo(new ContainerEvent("abc123", "die",
                Map.of("moor.app", "echo", "moor.service", "web"), Instant.ofEpochSecond(1700000000L, 123456789L)));
    }

    @Test
    void anEventStreamReportsABreakOnceAndAClosingNever() {
        List<Throwable> errors = new ArrayList<>();
        EventStream broken = new EventStream(e -> {}, errors::add, "unix:///var/run/docker.sock");
        broken.onStart(() -> {});
        broken.onError(new IOException("Connection reset"));
        broken.onComplete();
        broken.close();

        EventStream ended = new EventStream(e -> {}, errors::add, "unix:///var/run/docker.sock");
        ended.onStart(() -> {});
        ended.onComplete();

        EventStream closed = new EventStream(e -> {}, errors::add, "unix:///var/run/docker.sock");
        AtomicBoolean responseClosed = new AtomicBoolean();
        closed.onStart(() -> responseClosed.set(true));
        closed.close();
        closed.onError(new IOException("Socket closed"));

        assertThat(errors).extracting(Throwable::getMessage).containsExactly(
                "the event stream of the Docker engine at unix:///var/run/docker.sock broke: Connection reset",
                "the Docker engine at unix:///var/run/docker.sock ended the event stream");
        assertThat(responseClosed).isTrue();
    }

    @Test
    void aRefusalBeforeTheStreamStartsGoesToTheWaitingCaller() throws InterruptedException {
        List<Throwable> errors = new ArrayList<>();
        EventStream refused = new EventStream(e -> {}, errors::add, "unix:///var/run/docker.sock");
        IOException refusal = new IOException("Connection refused");
        refused.onError(refusal);
        refused.onComplete();

        assertThat(refused.awaitStart(Duration.ofSeconds(1), "events")).isSameAs(refusal);
        assertThat(errors).isEmpty();
    }

    @Test
    void aLogStreamEndsOnceWhateverEndsIt() {
        List<String> ends = new ArrayList<>();
        LogStream log = new LogStream("c1", line -> {}, () -> ends.add("end"));
        log.onStart(() -> {});
        log.close();
        log.onError(new IOException("Socket closed"));
        log.onComplete();

        assertThat(ends).containsExactly("end");
    }

    private static BuildResponseItem item(String json) throws IOException {
        return DockerClientConfig.getDefaultObjectMapper().readValue(json, BuildResponseItem.class);
    }
}

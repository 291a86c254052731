package dev.moor.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;
import static org.awaitility.Awaitility.await;

import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(ByteBufLeakCheck.class)
class LocalApiStreamTest {

    record Event(int sequence, String text, Instant at) {
    }

    /** A stream handler that writes until its client goes away, recording what it saw of the disconnection. */
    static final class EndlessSource implements StreamHandler {
        final CountDownLatch closed = new CountDownLatch(1);
        final CountDownLatch returned = new CountDownLatch(1);
        final AtomicBoolean openAfterClose = new AtomicBoolean(true);
        final AtomicReference<LineSink> sink = new AtomicReference<>();

        @Override
        public void stream(ApiRequest request, LineSink sink) throws InterruptedException {
            this.sink.set(sink);
            sink.onClose(closed::countDown);
            int sequence = 0;
            while (sink.line("line " + sequence++)) {
                Thread.sleep(1);
            }
            openAfterClose.set(sink.isOpen());
            returned.countDown();
        }
    }

    @TempDir
    Path dir;

    private LocalApiServer server;
    private LocalApiClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void serve(LocalApiServerBuilder routes) {
        Path socket = dir.resolve("moor.sock");
        server = routes.socket(socket).build();
        server.start();
        client = LocalApiClient.connect(socket);
    }

    @Test
    void receivesEveryLineInOrder() {
        int count = 5_000;
        serve(LocalApiServer.builder().streamRoute(HttpMethod.GET, "/v1/logs", (request, sink) -> {
            int lines = Integer.parseInt(request.param("lines").orElseThrow());
            for (int i = 0; i < lines; i++) {
                sink.line(i % 2 == 0 ? "line " + i : "line " + i + "\n");
            }
        }));
        List<String> received = new ArrayList<>();

        client.stream("/v1/logs?lines=" + count, received::add);

        assertThat(received).containsExactlyElementsOf(IntStream.range(0, count).mapToObj(i -> "line " + i).toList());
    }

    @Test
    @Timeout(30)
    void pausesAndResumesReadingForAConsumerThatLags() {
        int count = 4_000;
        serve(LocalApiServer.builder().streamRoute(HttpMethod.GET, "/v1/logs", (request, sink) -> {
            for (int i = 0; i < count; i++) {
                sink.line("line " + i);
            }
        }));
        List<String> received = new ArrayList<>();

        client.stream("/v1/logs", line -> {
            if (received.isEmpty()) {
                // Long enough for far more lines than the client queues before it stops reading.
                sleep(Duration.ofMillis(500));
            }
            received.add(line);
        });

        assertThat(received).containsExactlyElementsOf(IntStream.range(0, count).mapToObj(i -> "line " + i).toList());
    }

    @Test
    void writesJsonLines() {
        Instant at = Instant.parse("2025-06-01T12:00:00Z");
        serve(LocalApiServer.builder().streamRoute(HttpMethod.GET, "/v1/events", (request, sink) -> {
            sink.json(new Event(1, "deployed\nweb", at));
            sink.json(new Event(2, "héllo", at.plusSeconds(1)));
        }));
        List<Event> received = new ArrayList<>();

        client.stream("/v1/events", line -> received.add(readEvent(line)));

        assertThat(received).containsExactly(new Event(1, "deployed\nweb", at),
                new Event(2, "héllo", at.plusSeconds(1)));
    }

    @Test
    void stopsTheHandlerWhenTheConsumerThrows() throws InterruptedException {
        EndlessSource source = new EndlessSource();
        serve(LocalApiServer.builder().streamRoute(HttpMethod.GET, "/v1/logs", source));
        List<String> received = new ArrayList<>();

        assertThatThrownBy(() -> client.stream("/v1/logs", line -> {
            received.add(line);
            if (received.size() == 3) {
                throw new IllegalStateException("enough");
            }
        })).hasMessage("enough");

        assertThat(received).containsExactly("line 0", "line 1", "line 2");
        assertThat(source.closed.await(5, TimeUnit.SECONDS)).as("onClose ran").isTrue();
        assertThat(source.returned.await(5, TimeUnit.SECONDS)).as("handler returned").isTrue();
        assertThat(source.openAfterClose).isFalse();
    }

    @Test
    void stopsTheHandlerWhenTheClientThreadIsInterrupted() throws InterruptedException {
        EndlessSource source = new EndlessSource();
        serve(LocalApiServer.builder().streamRoute(HttpMethod.GET, "/v1/logs", source));
        List<String> received = new CopyOnWriteArrayList<>();
        AtomicBoolean interruptedAfterReturn = new AtomicBoolean();

        Thread follower = Thread.ofPlatform().start(() -> {
            client.stream("/v1/logs", received::add);
            interruptedAfterReturn.set(Thread.currentThread().isInterrupted());
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() >= 5);
        follower.interrupt();
        follower.join(5_000);

        assertThat(follower.isAlive()).isFalse();
        assertThat(interruptedAfterReturn).isTrue();
        assertThat(source.closed.await(5, TimeUnit.SECONDS)).as("onClose ran").isTrue();
        assertThat(source.returned.await(5, TimeUnit.SECONDS)).as("handler returned").isTrue();
        assertThat(source.openAfterClose).isFalse();
    }

    @Test
    void runsAnOnCloseActionAddedAfterTheClientLeft() throws InterruptedException {
        EndlessSource source = new EndlessSource();
        serve(LocalApiServer.builder().streamRoute(HttpMethod.GET, "/v1/logs", source));
        assertThatThrownBy(() -> client.stream("/v1/logs", line -> {
            throw new IllegalStateException("gone");
        }));
        assertThat(source.returned.await(5, TimeUnit.SECONDS)).isTrue();
        CountDownLatch late = new CountDownLatch(1);

        source.sink.get().onClose(late::countDown);

        assertThat(late.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void answersAnApiExceptionThrownBeforeTheFirstLineAsAnError() {
        serve(LocalApiServer.builder().streamRoute(HttpMethod.GET, "/v1/logs", (request, sink) -> {
            throw new ApiException(404, "no service named " + request.param("service").orElse("?"));
        }));

        assertThatThrownBy(() -> client.stream("/v1/logs?service=db", line -> { }))
                .asInstanceOf(type(ApiException.class))
                .satisfies(e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.getMessage()).isEqualTo("no service named db");
                });
    }

    @Test
    void reportsAStreamThatBreaksAfterItsFirstLines() {
        serve(LocalApiServer.builder().streamRoute(HttpMethod.GET, "/v1/logs", (request, sink) -> {
            sink.line("first");
            throw new IllegalStateException("docker went away");
        }));
        List<String> received = new ArrayList<>();

        assertThatThrownBy(() -> client.stream("/v1/logs", received::add))
                .asInstanceOf(type(ApiException.class))
                .satisfies(e -> assertThat(e.status()).isEqualTo(502));
        assertThat(received).containsExactly("first");
    }

    @Test
    void endsOpenStreamsWhenTheServerCloses() throws InterruptedException {
        EndlessSource source = new EndlessSource();
        serve(LocalApiServer.builder().streamRoute(HttpMethod.GET, "/v1/logs", source));
        AtomicReference<Throwable> followerFailure = new AtomicReference<>();
        List<String> received = new CopyOnWriteArrayList<>();
        Thread follower = Thread.ofPlatform().start(() -> {
            try {
                client.stream("/v1/logs", received::add);
            } catch (ApiException e) {
                followerFailure.set(e);
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() >= 5);

        server.close();

        follower.join(5_000);
        assertThat(followerFailure.get()).isInstanceOf(ApiException.class)
                .hasMessageContaining("closed the connection before the end of its answer");
        assertThat(source.closed.await(5, TimeUnit.SECONDS)).isTrue();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static Event readEvent(String line) {
        try {
            return ApiJson.mapper().readValue(line, Event.class);
        } catch (IOException e) {
            throw new AssertionError(line, e);
        }
    }
}

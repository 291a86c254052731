package dev.moor.docker;

import com.github.dockerjava.api.async.ResultCallback;
import dev.moor.engine.runtime.ContainerRuntimeException;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One streaming answer of the engine (build output, exec output, log, events), read by docker-java on its own
 * thread. It ends exactly once: at the end of the answer, on a failure, or when closed here; then
 * {@link #ended} runs. docker-java may report a failure and then the end, or a failure after this side
 * closed the stream: only the first counts.
 */
abstract class EngineStream<T> implements ResultCallback<T> {

    private final CountDownLatch startedOrEnded = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private Closeable response;
    private boolean started;
    private boolean ended;
    private Throwable failureBeforeStart;

    /** One item of the answer. */
    protected abstract void item(T item);

    /**
     * The stream ended.
     *
     * @param failure        why it broke, or null when it ended normally or was closed here
     * @param closedHere     whether {@link #close()} ended it
     */
    protected abstract void ended(Throwable failure, boolean closedHere);

    @Override
    public final synchronized void onStart(Closeable response) {
        this.response = response;
        if (ended) {
            closeQuietly(response);
            return;
        }
        started = true;
        startedOrEnded.countDown();
    }

    @Override
    public final synchronized void onNext(T item) {
        if (!ended) {
            item(item);
        }
    }

    @Override
    public final void onError(Throwable failure) {
        end(failure, false);
    }

    @Override
    public final void onComplete() {
        end(null, false);
    }

    /** Stops reading; the engine's answer is abandoned. */
    @Override
    public final void close() {
        end(null, true);
    }

    private synchronized void end(Throwable failure, boolean closedHere) {
        if (ended) {
            return;
        }
        ended = true;
        try {
            if (closedHere && response != null) {
                closeQuietly(response);
            }
            if (started) {
                ended(failure, closedHere);
            } else {
                // Nothing was streamed yet: the caller still waits in awaitStart and reports it there.
                failureBeforeStart = failure;
            }
        } finally {
            startedOrEnded.countDown();
            finished.countDown();
        }
    }

    /**
     * Waits until the engine accepted the request and began to answer.
     *
     * @return the engine's refusal, if it refused; null when the stream runs (or already ran to its end)
     * @throws InterruptedException when interrupted while waiting
     */
    final Throwable awaitStart(Duration timeout, String what) throws InterruptedException {
        if (!startedOrEnded.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            close();
            return new ContainerRuntimeException(what + ": the Docker engine did not answer within " + timeout.toSeconds() + "s");
        }
        synchronized (this) {
            return started ? null : failureBeforeStart;
        }
    }

    /** Waits for the end of the stream; false when the timeout passed first. */
    final boolean awaitEnd(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException | RuntimeException ignored) {
            // The stream is being abandoned; a failure to close it changes nothing for the caller.
        }
    }
}

package dev.moor.edge.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;

/**
 * One fetch that concurrent requests for the same key wait for: an upstream request of a leader (a miss or a
 * revalidation) or a read from the disk tier. Waiters register until it finishes; finishing hands them out once.
 * The lock guards only the list: nothing waits while holding it.
 */
final class Flight {
    /** A request waiting for the flight, resumed on its own executor. */
    record Waiter(CacheRequest request, ScheduledExecutorService loop, Consumer<CacheLookup> resume) {}

    final String key;
    private List<Waiter> waiters = new ArrayList<>();
    private ScheduledFuture<?> timeout;

    Flight(String key) {
        this.key = key;
    }

    /** Adds a waiter; false when the flight has finished (the caller looks up again). */
    synchronized boolean join(Waiter waiter) {
        if (waiters == null) {
            return false;
        }
        waiters.add(waiter);
        return true;
    }

    /** The task that gives up on the flight after the coalescing timeout, cancelled when it finishes first. */
    void timeout(ScheduledFuture<?> task) {
        boolean finished;
        synchronized (this) {
            finished = waiters == null;
            if (!finished) {
                timeout = task;
            }
        }
        if (finished) {
            task.cancel(false);
        }
    }

    /** Ends the flight: its waiters, or none when it had already ended. */
    List<Waiter> finish() {
        List<Waiter> finished;
        ScheduledFuture<?> task;
        synchronized (this) {
            if (waiters == null) {
                return List.of();
            }
            finished = waiters;
            task = timeout;
            waiters = null;
        }
        if (task != null) {
            task.cancel(false);
        }
        return finished;
    }

    synchronized int waiting() {
        return waiters == null ? 0 : waiters.size();
    }
}

package dev.moor.edge;

import dev.moor.snapshot.RetryPolicy;

import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many retries a cluster may still take: at most {@code budgetPercent} % of the requests it received in the
 * last ten seconds, plus {@code minRetriesPerSecond} per second of that window (the budget of Finagle and Linkerd).
 * Counting requests over a window, not retries in flight, lets a burst be retried whole (a replica that dies takes
 * a third of the requests in flight with it) while a cluster that fails every request settles at the percentage.
 * Outlives snapshots: the compiler hands a cluster's budget to the cluster of the same name in the next one.
 */
final class RetryBudget {
    static final int WINDOW_SECONDS = 10;
    private static final long SECOND = 1_000_000_000L;

    private final LongAdder requests = new LongAdder();
    /** The next second's start: a request at or after it opens that second's slot. */
    private volatile long nextSecondAt = Long.MIN_VALUE;
    // One slot per second of the window, by second modulo the window; guarded by this.
    private final long[] slotSecond = new long[WINDOW_SECONDS];
    private final long[] requestsBeforeSlot = new long[WINDOW_SECONDS];
    private final long[] retriesInSlot = new long[WINDOW_SECONDS];

    RetryBudget() {
        Arrays.fill(slotSecond, Long.MIN_VALUE);
    }

    /** A new request (not a retry) to the cluster: the hot path, one counter and one volatile read. */
    void deposit(long nowNanos) {
        if (nowNanos >= nextSecondAt) {
            open(nowNanos);
        }
        requests.increment();
    }

    /** Takes one retry from the budget; false when it is spent. */
    synchronized boolean tryWithdraw(RetryPolicy policy, long nowNanos) {
        int slot = open(nowNanos);
        long second = slotSecond[slot];
        long oldestRequests = requestsBeforeSlot[slot];
        long retries = 0;
        for (int i = 0; i < WINDOW_SECONDS; i++) {
            if (slotSecond[i] > second - WINDOW_SECONDS) {
                oldestRequests = Math.min(oldestRequests, requestsBeforeSlot[i]);
                retries += retriesInSlot[i];
            }
        }
        long allowed = (requests.sum() - oldestRequests) * policy.budgetPercent() / 100
                + (long) policy.minRetriesPerSecond() * WINDOW_SECONDS;
        if (retries >= allowed) {
            return false;
        }
        retriesInSlot[slot]++;
        return true;
    }

    /** Gives back a retry taken at {@code nowNanos} that could not be made (no endpoint to take it). */
    synchronized void refund(long nowNanos) {
        int slot = open(nowNanos);
        if (retriesInSlot[slot] > 0) {
            retriesInSlot[slot]--;
        }
    }

    /** The slot of the second {@code nowNanos} falls in, reset when it last held an older second. */
    private synchronized int open(long nowNanos) {
        long second = Math.floorDiv(nowNanos, SECOND);
        int slot = (int) Math.floorMod(second, (long) WINDOW_SECONDS);
        if (slotSecond[slot] != second) {
            slotSecond[slot] = second;
            requestsBeforeSlot[slot] = requests.sum();
            retriesInSlot[slot] = 0;
        }
        long next = (second + 1) * SECOND;
        if (next > nextSecondAt) {
            nextSecondAt = next;
        }
        return slot;
    }
}

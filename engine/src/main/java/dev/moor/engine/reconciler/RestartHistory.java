package dev.moor.engine.reconciler;

import java.time.Instant;

/**
 * How often the replica of one slot failed in a row, so that a crash-looping replica is restarted with
 * growing back-off instead of in a tight loop.
 *
 * @param consecutiveFailures failures since the slot's replica was last healthy
 * @param lastFailure         when the last one happened
 */
public record RestartHistory(int consecutiveFailures, Instant lastFailure) {}

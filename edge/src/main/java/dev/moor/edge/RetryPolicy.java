package dev.moor.edge;

/**
 * Retries go to another endpoint, for connect failures (any request) and for idempotent requests that failed
 * before any response byte arrived; they are bounded by a budget so a failing cluster is not hammered.
 *
 * @param maxRetries     retries of one request at most (0 disables them)
 * @param budgetPercent  retries in flight may be at most this share of requests in flight...
 * @param minRetriesPerSecond ...but this many per second are always allowed
 */
public record RetryPolicy(int maxRetries, int budgetPercent, int minRetriesPerSecond) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(2, 20, 10);
}

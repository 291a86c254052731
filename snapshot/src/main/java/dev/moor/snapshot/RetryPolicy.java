package dev.moor.snapshot;

/**
 * Retries go to another endpoint, for connect failures (any request) and for idempotent requests that failed
 * before any response byte arrived; they are bounded by a budget so a failing cluster is not hammered.
 *
 * @param maxRetries     retries of one request at most (0 disables them)
 * @param budgetPercent  retries of the last ten seconds may be at most this share of the cluster's requests in
 *                       that time...
 * @param minRetriesPerSecond ...plus this many per second of it (so a quiet cluster can retry too)
 */
public record RetryPolicy(int maxRetries, int budgetPercent, int minRetriesPerSecond) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(2, 20, 10);
}

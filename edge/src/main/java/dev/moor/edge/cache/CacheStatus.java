package dev.moor.edge.cache;

/** How the cache answered a request: what an {@code X-Cache} header says (its name is the header's value). */
public enum CacheStatus {
    /** Served from a fresh stored response (or from the response a concurrent request just stored). */
    HIT,
    /** Served from a stale stored response: within stale-while-revalidate, a request's max-stale, or after an error. */
    STALE,
    /** Served from a stored response the upstream just confirmed with 304 Not Modified. */
    REVALIDATED,
    /** Sent upstream. */
    MISS
}

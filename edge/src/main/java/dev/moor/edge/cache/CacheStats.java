package dev.moor.edge.cache;

/**
 * The cache's counters since it started, and its sizes now.
 *
 * @param hits answers from fresh stored responses (client 304s included)
 * @param stale answers from stale stored responses (stale-while-revalidate, max-stale, after an upstream failure)
 * @param misses requests sent upstream that the cache could have answered (cacheable GET and HEAD), leaders and
 *               revalidations included; requests it never answers (other methods, ranges) are not counted
 * @param revalidated 304s from the upstream that confirmed a stored response
 * @param coalesced requests that waited for another's fetch and were then answered from the cache (also counted in
 *                  hits or stale)
 * @param stored responses stored (new or replacing)
 * @param evicted URIs evicted from memory for room (they may still be on disk)
 * @param servedBytes body bytes of GET answers from the cache
 * @param memoryBytes the weight of what memory holds
 * @param memoryEntries URIs in memory (an estimate)
 * @param diskBytes the bytes of the disk tier's files
 * @param diskEntries URIs on disk
 * @param diskReads files read back on a memory miss (concurrent misses of one URI read it once)
 * @param diskEvicted URIs evicted from disk for room
 */
public record CacheStats(long hits, long stale, long misses, long revalidated, long coalesced, long stored,
                         long evicted, long servedBytes, long memoryBytes, long memoryEntries, long diskBytes,
                         long diskEntries, long diskReads, long diskEvicted) {}

package dev.moor.edge.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;

import java.net.URI;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * A shared HTTP cache (RFC 9111) for the edge: it decides, per request, whether a stored response answers it, and
 * stores the upstream's responses that may be reused. Thread-safe; called from several event loops at once, it
 * holds no lock while anything waits and does no blocking I/O on the caller's thread (the disk tier reads and writes
 * on a thread of its own).
 *
 * <p><b>Tiers.</b> Memory: a Caffeine cache of the stored responses per key (a route's partition and a URI), weighed in bytes (head, body and an
 * estimate of the objects), bounded; a response over the maximum object size is not stored. Disk (optional): every
 * stored set is written to a directory, off the event loop, and read back on a memory miss; bounded in bytes,
 * evicting the least recently used, where being in memory counts as use; it outlives the process, so a restarted
 * edge serves what its predecessor stored (the point: pages stay up through an outage of the upstream).
 *
 * <p><b>Coalescing.</b> Concurrent misses for one key (URI, plus the values of the fields its stored responses vary
 * on) send one request upstream: the first lookup gets the {@link Forward}, the others {@link CacheLookup.Pending},
 * and are resumed on their own executors when it ends. Stored and fresh: they are answered from it (counted as
 * coalesced). It could not answer them (not storable, stale at once, too large): each goes upstream itself, and the
 * URI's misses are not coalesced for {@code uncoalescedFor}, so that an uncacheable URI never queues its requests
 * behind one another (Varnish's hit-for-miss). It failed: those that may get stale content get it, the others go
 * upstream each. A leader that has not ended after the coalescing timeout is given up: its waiters go upstream each.
 * A resumed request never waits a second time.
 */
public final class HttpCache implements AutoCloseable {
    /** How a lookup came about: a waiter resumed after a flight ends looks up again, and never waits twice. */
    enum Attempt {
        FIRST, AFTER_DISK, AFTER_LEADER, AFTER_FAILURE;

        boolean mayWait() {
            return this == FIRST || this == AFTER_DISK;
        }

        boolean coalesced() {
            return this == AFTER_LEADER || this == AFTER_FAILURE;
        }
    }

    private final Clock clock;
    private final long maxObjectBytes;
    private final long maxHeuristic;
    private final long coalescingTimeoutNanos;
    private final Cache<String, VariantSet> memory;
    private final Cache<String, Boolean> uncoalesced;
    private final ConcurrentHashMap<String, Flight> flights = new ConcurrentHashMap<>();
    private final DiskTier disk;
    private final AtomicLong versions = new AtomicLong();
    /** Increases with every removal, so that a disk read or write that began before one does not bring it back. */
    private final AtomicLong removals = new AtomicLong();

    private final LongAdder hits = new LongAdder();
    private final LongAdder stale = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder revalidated = new LongAdder();
    private final LongAdder coalesced = new LongAdder();
    private final LongAdder stored = new LongAdder();
    private final LongAdder evicted = new LongAdder();
    private final LongAdder servedBytes = new LongAdder();

    HttpCache(HttpCacheBuilder builder) {
        clock = builder.clock;
        maxObjectBytes = builder.maxObjectBytes;
        maxHeuristic = builder.maxHeuristicFreshness.toMillis();
        coalescingTimeoutNanos = builder.coalescingTimeout.toNanos();
        // Eviction runs on the thread that stored, right away: the bound holds after every store.
        memory = Caffeine.newBuilder()
                .maximumWeight(builder.maxMemoryBytes)
                .weigher((String id, VariantSet set) -> set.weight())
                .executor(Runnable::run)
                .evictionListener((String id, VariantSet set, RemovalCause cause) -> evicted.increment())
                .build();
        long uncoalescedNanos = builder.uncoalescedFor.toNanos();
        uncoalesced = Caffeine.newBuilder()
                .maximumSize(100_000)
                .expireAfterWrite(uncoalescedNanos, TimeUnit.NANOSECONDS)
                .ticker(() -> clock.millis() * 1_000_000)
                .executor(Runnable::run)
                .build();
        disk = builder.diskDirectory == null ? null : DiskTier.open(builder.diskDirectory, builder.maxDiskBytes,
                Math.max(64L << 20, 4 * maxObjectBytes), maxHeuristic,
                id -> memory.policy().getIfPresentQuietly(id), id -> memory.asMap().containsKey(id), removals::get);
    }

    public static HttpCacheBuilder builder() {
        return new HttpCacheBuilder();
    }

    /**
     * Decides how to answer a request. A {@link CacheLookup.Pending} result means the decision comes later: through
     * {@code resume}, run on {@code loop} (a Netty event loop is one), with a Hit, a Forward or NotCached, never
     * Pending. Otherwise {@code resume} is not called.
     */
    public CacheLookup lookup(CacheRequest request, ScheduledExecutorService loop, Consumer<CacheLookup> resume) {
        return lookup(request, loop, resume, Attempt.FIRST, null);
    }

    /**
     * @param fetched what the flight a resumed request waited for stored or read, used when memory does not hold
     *                it (Caffeine may have refused or evicted it already), or null
     */
    private CacheLookup lookup(CacheRequest request, ScheduledExecutorService loop, Consumer<CacheLookup> resume,
                               Attempt attempt, VariantSet fetched) {
        if (!request.cacheable()) {
            return new Forward(this, request, null, null, false, false);
        }
        String id = request.id();
        VariantSet memorySet = memory.getIfPresent(id);
        VariantSet set = memorySet != null ? memorySet : fetched;
        if (set == null && attempt == Attempt.FIRST && disk != null && disk.contains(id)) {
            return readFromDisk(request, loop, resume);
        }
        long now = clock.millis();
        CachedResponse response = set == null ? null : set.select(request.headers());
        if (response != null && request.authorization() && !response.sharedWithAuthorization()) {
            response = null;
        }
        if (response != null) {
            switch (Freshness.judge(response, request.cacheControl(), now)) {
                case FRESH -> {
                    return hit(response, CacheStatus.HIT, request, now, attempt, null);
                }
                case STALE -> {
                    return hit(response, CacheStatus.STALE, request, now, attempt, null);
                }
                case STALE_WHILE_REVALIDATE -> {
                    return hit(response, CacheStatus.STALE, request, now, attempt,
                            backgroundRevalidation(set, response, request, loop));
                }
                case VALIDATE -> {
                    if (attempt == Attempt.AFTER_FAILURE && Freshness.servableOnError(response, request.cacheControl(),
                            request.staleOnError(), now)) {
                        return hit(response, CacheStatus.STALE, request, now, attempt, null);
                    }
                }
            }
        }
        if (request.cacheControl().onlyIfCached()) {
            return CacheLookup.NotCached.INSTANCE;
        }
        return upstream(request, set, response, loop, resume, attempt);
    }

    /** Removes the stored responses whose keys {@code which} accepts, in memory and on disk: the number of keys. */
    public int purge(CachePurge which) {
        removals.incrementAndGet();
        Set<String> purged = new HashSet<>();
        for (Map.Entry<String, VariantSet> entry : memory.asMap().entrySet()) {
            if (which.test(entry.getValue().key()) && memory.asMap().remove(entry.getKey(), entry.getValue())) {
                purged.add(entry.getKey());
            }
        }
        if (disk != null) {
            purged.addAll(disk.purge(which));
        }
        return purged.size();
    }

    public CacheStats stats() {
        return new CacheStats(hits.sum(), stale.sum(), misses.sum(), revalidated.sum(), coalesced.sum(), stored.sum(),
                evicted.sum(), servedBytes.sum(),
                memory.policy().eviction().orElseThrow().weightedSize().orElse(0), memory.estimatedSize(),
                disk == null ? 0 : disk.bytes(), disk == null ? 0 : disk.entries(), disk == null ? 0 : disk.reads(),
                disk == null ? 0 : disk.evicted());
    }

    /** Finishes the disk tier's pending writes (for at most 30 s) and stops its thread. */
    @Override
    public void close() {
        if (disk != null) {
            disk.close();
        }
    }

    // What Forward calls

    long now() {
        return clock.millis();
    }

    long maxObjectBytes() {
        return maxObjectBytes;
    }

    long maxHeuristic() {
        return maxHeuristic;
    }

    /**
     * Stores a response as the newest variant of its URI: the URI's stored set, or null when the response is not
     * worth storing (stale at once, without a validator, and nothing allows serving it stale).
     */
    VariantSet store(CacheRequest request, CachedResponse response) {
        CacheControl directives = response.cacheControl();
        boolean reusable = response.fresh(clock.millis()) || response.etag() != null
                || response.lastModified() != Freshness.NO_TIME
                || directives.staleWhileRevalidate() != CacheControl.ABSENT
                || directives.staleIfError() != CacheControl.ABSENT || request.staleOnError() > 0;
        if (!reusable) {
            return null;
        }
        String id = request.id();
        VariantSet set = memory.asMap().compute(id, (key, old) -> old == null
                ? new VariantSet(request.key(), id, List.of(response), versions.incrementAndGet())
                : old.with(response, request.headers(), versions.incrementAndGet()));
        stored.increment();
        writeToDisk(set);
        return set;
    }

    /**
     * A 304 answered a revalidation: the stored response updated, and the answer to the client from it. The 304 may
     * name another representation: the stored one is then not updated, but its content is what the upstream said
     * not to resend, so the client gets it (an unconditional request must not get the 304).
     */
    CacheLookup.Hit revalidated(CacheRequest request, CachedResponse original, CachedResponse updated, long now) {
        revalidated.increment();
        if (updated == null) {
            return hit(original, CacheStatus.REVALIDATED, request, now, Attempt.FIRST, null);
        }
        if (!request.cacheControl().noStore()) {
            String id = request.id();
            VariantSet set = memory.asMap().compute(id, (key, old) -> {
                long version = versions.incrementAndGet();
                if (old == null) {
                    return new VariantSet(request.key(), id, List.of(updated), version);
                }
                return old.variants().contains(original) ? old.replacing(original, updated, version)
                        : old.with(updated, request.headers(), version);
            });
            writeToDisk(set);
        }
        return hit(updated, CacheStatus.REVALIDATED, request, now, Attempt.FIRST, null);
    }

    /** The answer from {@code response} after the upstream failed, when allowed; else null. */
    CacheLookup.Hit staleOnError(CacheRequest request, CachedResponse response) {
        long now = clock.millis();
        if (!Freshness.servableOnError(response, request.cacheControl(), request.staleOnError(), now)) {
            return null;
        }
        return hit(response, CacheStatus.STALE, request, now, Attempt.FIRST, null);
    }

    /** Removes one stored response that a newer, unstorable response of its URI replaced. */
    void remove(CacheRequest request, CachedResponse response) {
        removals.incrementAndGet();
        String id = request.id();
        VariantSet set = memory.asMap().computeIfPresent(id, (key, old) -> old.without(response, versions.incrementAndGet()));
        if (set != null) {
            writeToDisk(set);
        } else if (disk != null) {
            disk.delete(id);
        }
    }

    /**
     * An unsafe request succeeded (RFC 9111 §4.4): removes its target URI and the URIs its Location and
     * Content-Location name on the same host, in the request's partition; over both schemes, since one site is
     * often served over both.
     */
    void invalidate(CacheRequest request, HttpHeaders response) {
        CacheKey target = request.key();
        removeUri(target);
        for (CharSequence field : List.of(HttpHeaderNames.LOCATION, HttpHeaderNames.CONTENT_LOCATION)) {
            String value = response.get(field);
            CacheKey named = value == null ? null : resolve(target, value.trim());
            if (named != null && named.host().equals(target.host())) {
                removeUri(named);
            }
        }
    }

    void uncoalesce(CacheRequest request) {
        uncoalesced.put(request.id(), Boolean.TRUE);
    }

    /** Ends a flight: its waiters look up again, each on its own executor, with what it fetched (or null). */
    void finish(Flight flight, Attempt attempt, VariantSet fetched) {
        flights.remove(flight.key, flight);
        for (Flight.Waiter waiter : flight.finish()) {
            resume(waiter, attempt, fetched);
        }
    }

    /** How many requests wait for the flight of {@code key} (tests). */
    int waiting(String key) {
        Flight flight = flights.get(key);
        return flight == null ? 0 : flight.waiting();
    }

    private CacheLookup.Hit hit(CachedResponse response, CacheStatus status, CacheRequest request, long now,
                                Attempt attempt, Forward revalidation) {
        boolean notModified = Conditionals.notModified(response, request);
        switch (status) {
            case STALE -> stale.increment();
            case HIT -> hits.increment();
            default -> { }
        }
        if (attempt.coalesced()) {
            coalesced.increment();
        }
        if (!notModified && request.method().equals(HttpMethod.GET)) {
            servedBytes.add(response.contentLength());
        }
        return new CacheLookup.Hit(response, status, response.ageSeconds(now), notModified, revalidation);
    }

    private CacheLookup upstream(CacheRequest request, VariantSet set, CachedResponse validating,
                                 ScheduledExecutorService loop, Consumer<CacheLookup> resume, Attempt attempt) {
        boolean store = request.method().equals(HttpMethod.GET) && !request.cacheControl().noStore();
        if (!store || !attempt.mayWait() || uncoalesced.getIfPresent(request.id()) != null) {
            misses.increment();
            return new Forward(this, request, validating, null, store, false);
        }
        String flightKey = flightKey(set, request);
        Flight flight = new Flight(flightKey);
        Flight.Waiter waiter = new Flight.Waiter(request, loop, resume);
        while (true) {
            Flight running = flights.putIfAbsent(flightKey, flight);
            if (running == null) {
                misses.increment();
                Forward forward = new Forward(this, request, validating, flight, true, false);
                giveUpAfterTimeout(flight, loop);
                return forward;
            }
            if (running.join(waiter)) {
                return CacheLookup.Pending.INSTANCE;
            }
            // It ended between the map and the join, and left the map first: the next put takes the lead.
        }
    }

    /** The revalidation a stale-while-revalidate hit starts, unless one for the key is already under way. */
    private Forward backgroundRevalidation(VariantSet set, CachedResponse response, CacheRequest request,
                                           ScheduledExecutorService loop) {
        if (!request.method().equals(HttpMethod.GET)) {
            return null;
        }
        String flightKey = flightKey(set, request);
        Flight flight = new Flight(flightKey);
        if (flights.putIfAbsent(flightKey, flight) != null) {
            return null;
        }
        Forward forward = new Forward(this, request, response, flight, !request.cacheControl().noStore(), true);
        giveUpAfterTimeout(flight, loop);
        return forward;
    }

    /** A memory miss the disk tier holds: read off the loop; the request and any others for it wait for the read. */
    private CacheLookup readFromDisk(CacheRequest request, ScheduledExecutorService loop, Consumer<CacheLookup> resume) {
        String id = request.id();
        Flight flight = new Flight(id);
        Flight.Waiter waiter = new Flight.Waiter(request, loop, resume);
        while (true) {
            Flight running = flights.putIfAbsent(id, flight);
            if (running == null) {
                break;
            }
            if (running.join(waiter)) {
                return CacheLookup.Pending.INSTANCE;
            }
        }
        flight.join(waiter);
        giveUpAfterTimeout(flight, loop);
        long removalsBefore = removals.get();
        disk.read(id, set -> {
            boolean current = set != null && removals.get() == removalsBefore;
            if (current) {
                memory.asMap().putIfAbsent(id, set);
            }
            finish(flight, Attempt.AFTER_DISK, current ? set : null);
        });
        return CacheLookup.Pending.INSTANCE;
    }

    private static String flightKey(VariantSet set, CacheRequest request) {
        return set == null ? request.id() : set.flightKey(request.headers());
    }

    private void giveUpAfterTimeout(Flight flight, ScheduledExecutorService loop) {
        try {
            flight.timeout(loop.schedule(() -> finish(flight, Attempt.AFTER_LEADER, null), coalescingTimeoutNanos,
                    TimeUnit.NANOSECONDS));
        } catch (RejectedExecutionException shuttingDown) {
            // The loop is closing: nothing on it will wait for long.
        }
    }

    private void resume(Flight.Waiter waiter, Attempt attempt, VariantSet fetched) {
        try {
            waiter.loop().execute(() -> {
                CacheLookup next = lookup(waiter.request(), waiter.loop(), waiter.resume(), attempt, fetched);
                if (next != CacheLookup.Pending.INSTANCE) {
                    waiter.resume().accept(next);
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            // Its loop is closing, and the connection waiting on it with it.
        }
    }

    private void writeToDisk(VariantSet set) {
        if (disk != null && set != null) {
            disk.write(set, removals.get());
        }
    }

    private void removeUri(CacheKey key) {
        removals.incrementAndGet();
        for (String scheme : List.of("http", "https")) {
            String id = key.sibling(scheme, key.target()).id();
            memory.invalidate(id);
            if (disk != null) {
                disk.delete(id);
            }
        }
    }

    /** The key of a Location or Content-Location value, absolute or relative to the request's target; null if unreadable. */
    private static CacheKey resolve(CacheKey base, String reference) {
        try {
            URI resolved = new URI(base.uri()).resolve(reference);
            if (resolved.getScheme() == null || resolved.getRawAuthority() == null) {
                return null;
            }
            String target = resolved.getRawPath() + (resolved.getRawQuery() == null ? "" : "?" + resolved.getRawQuery());
            return CacheKey.of(base.partition(), resolved.getScheme(), resolved.getRawAuthority(), target);
        } catch (IllegalArgumentException | java.net.URISyntaxException unreadable) {
            return null;
        }
    }
}

package dev.moor.edge.cache;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** Builds an {@link HttpCache}; every value is checked where it is set, and the combination at {@link #build}. */
public final class HttpCacheBuilder {
    /** A body is one array: its length is an int (less the few bytes a JVM may reserve in an array). */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    long maxMemoryBytes = 64L << 20;
    long maxObjectBytes = 8L << 20;
    Path diskDirectory;
    long maxDiskBytes;
    Clock clock = Clock.systemUTC();
    Duration maxHeuristicFreshness = Duration.ofDays(1);
    Duration coalescingTimeout = Duration.ofSeconds(5);
    Duration uncoalescedFor = Duration.ofSeconds(30);

    HttpCacheBuilder() {}

    /** The bound of the memory tier (default 64 MiB). */
    public HttpCacheBuilder maxMemoryBytes(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("maxMemoryBytes: " + bytes + " (expected: > 0)");
        }
        maxMemoryBytes = bytes;
        return this;
    }

    /** The largest body stored (default 8 MiB): larger responses pass through uncached. */
    public HttpCacheBuilder maxObjectBytes(long bytes) {
        if (bytes <= 0 || bytes > MAX_ARRAY) {
            throw new IllegalArgumentException("maxObjectBytes: " + bytes + " (expected: > 0 and <= " + MAX_ARRAY + ")");
        }
        maxObjectBytes = bytes;
        return this;
    }

    /**
     * A disk tier in {@code directory} (created if missing), bounded to {@code maxBytes} of files. Its entries are
     * indexed when the cache is built (reading the start of each file: call it at start-up, not on an event loop).
     */
    public HttpCacheBuilder disk(Path directory, long maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("disk: " + directory + ": maxBytes " + maxBytes + " (expected: > 0)");
        }
        diskDirectory = directory;
        maxDiskBytes = maxBytes;
        return this;
    }

    /** The clock of request and response times and of freshness (tests set a fixed one). */
    public HttpCacheBuilder clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    /** The cap of a heuristic freshness lifetime, 10 % of the time since Last-Modified (default 1 day). */
    public HttpCacheBuilder maxHeuristicFreshness(Duration cap) {
        if (cap.isNegative()) {
            throw new IllegalArgumentException("maxHeuristicFreshness: " + cap + " (expected: >= 0s)");
        }
        maxHeuristicFreshness = cap;
        return this;
    }

    /** How long requests wait for another's fetch of the same key before they go upstream themselves (default 5 s). */
    public HttpCacheBuilder coalescingTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("coalescingTimeout: " + timeout + " (expected: > 0s)");
        }
        coalescingTimeout = timeout;
        return this;
    }

    /** How long a URI whose response could not be stored is fetched without coalescing (default 30 s). */
    public HttpCacheBuilder uncoalescedFor(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("uncoalescedFor: " + duration + " (expected: >= 0s)");
        }
        uncoalescedFor = duration;
        return this;
    }

    /**
     * The cache.
     *
     * @throws IllegalArgumentException when the maximum object size exceeds a tier's bound
     * @throws java.io.UncheckedIOException when the disk directory cannot be created or read
     */
    public HttpCache build() {
        if (maxObjectBytes > maxMemoryBytes) {
            throw new IllegalArgumentException("maxObjectBytes: " + maxObjectBytes + " (expected: <= maxMemoryBytes "
                    + maxMemoryBytes + ")");
        }
        if (diskDirectory != null && maxObjectBytes > maxDiskBytes) {
            throw new IllegalArgumentException("maxObjectBytes: " + maxObjectBytes + " (expected: <= the disk's maxBytes "
                    + maxDiskBytes + ")");
        }
        return new HttpCache(this);
    }
}

package dev.moor.edge.cache;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * The disk tier: one file per URI ({@link DiskFormat}) under {@code DIR/xx/<sha-256 of the URI>}, written to a
 * temporary file and renamed into place, so that a file is always whole (a crashed process leaves at most a
 * temporary file, removed at the next start; data not yet written is lost, nothing is half-written). Not synced:
 * it survives the edge process, not necessarily the machine's power.
 *
 * <p>All file work runs on one thread of its own, in order: a write, a delete and a read of one URI never overtake
 * one another. The index (URI to file and size, least recently used first) is the only shared state, under a lock
 * held for map operations only. Bounded in bytes: beyond the bound the least recently used files go, except those
 * whose URI is in memory (they are in use; each gets one second chance per eviction pass). Writes waiting for the
 * thread are bounded too: past the bound a write is dropped (memory still holds the response).
 */
final class DiskTier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DiskTier.class);
    private static final String TEMPORARY = ".tmp-";

    /** One file: the URI's key, where it is, its size, and the version of the set it holds (0: from before the start). */
    private record Entry(CacheKey key, Path file, long size, long version) {}

    private final Path directory;
    private final long maxBytes;
    private final long maxPendingBytes;
    private final long maxHeuristic;
    private final Function<String, VariantSet> inMemory;
    private final Predicate<String> residentInMemory;
    private final LongSupplier removals;
    private final ExecutorService io;
    private final LinkedHashMap<String, Entry> index = new LinkedHashMap<>(1024, 0.75f, true);
    private long bytes;
    private final AtomicLong pendingBytes = new AtomicLong();
    private final LongAdder evicted = new LongAdder();
    private final LongAdder reads = new LongAdder();

    private DiskTier(Path directory, long maxBytes, long maxPendingBytes, long maxHeuristic,
                     Function<String, VariantSet> inMemory, Predicate<String> residentInMemory, LongSupplier removals) {
        this.directory = directory;
        this.maxBytes = maxBytes;
        this.maxPendingBytes = maxPendingBytes;
        this.maxHeuristic = maxHeuristic;
        this.inMemory = inMemory;
        this.residentInMemory = residentInMemory;
        this.removals = removals;
        this.io = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("moor-cache-disk").factory());
    }

    /**
     * The tier over {@code directory}, its files indexed (least recently written first) and trimmed to the bound.
     *
     * @param inMemory the set memory holds for a URI now, without counting it as a use
     * @param residentInMemory whether memory holds a URI
     * @param removals the cache's removal count: a write of a set that memory no longer holds is skipped when a
     *                 removal happened since it was asked for (it may be what removed it)
     */
    static DiskTier open(Path directory, long maxBytes, long maxPendingBytes, long maxHeuristic,
                         Function<String, VariantSet> inMemory, Predicate<String> residentInMemory, LongSupplier removals) {
        DiskTier tier = new DiskTier(directory, maxBytes, maxPendingBytes, maxHeuristic, inMemory, residentInMemory,
                removals);
        try {
            Files.createDirectories(directory);
            tier.index();
        } catch (IOException e) {
            tier.io.shutdownNow();
            throw new UncheckedIOException("disk: " + directory + ": " + e.getMessage(), e);
        }
        return tier;
    }

    /** Whether a file holds the URI; counts as a use. */
    synchronized boolean contains(String id) {
        return index.get(id) != null;
    }

    /** Reads the URI's file on the tier's thread and gives its set to {@code done} there (null if gone or damaged). */
    void read(String id, Consumer<VariantSet> done) {
        try {
            io.execute(() -> done.accept(readNow(id)));
        } catch (RejectedExecutionException closed) {
            done.accept(null);
        }
    }

    /**
     * Writes the URI's set on the tier's thread: the set memory holds then (the newest), or {@code set} when memory
     * no longer holds one and nothing was removed since {@code removalsBefore}; nothing when the file already holds
     * that version.
     */
    void write(VariantSet set, long removalsBefore) {
        long size = set.weight();
        if (pendingBytes.addAndGet(size) > maxPendingBytes) {
            pendingBytes.addAndGet(-size);
            return;
        }
        try {
            io.execute(() -> {
                try {
                    writeNow(set, removalsBefore);
                } finally {
                    pendingBytes.addAndGet(-size);
                }
            });
        } catch (RejectedExecutionException closed) {
            pendingBytes.addAndGet(-size);
        }
    }

    /** Removes the URI's file (from the index now, from the disk on the tier's thread). */
    void delete(String id) {
        Entry entry;
        synchronized (this) {
            entry = index.remove(id);
            if (entry != null) {
                bytes -= entry.size();
            }
        }
        if (entry != null) {
            deleteLater(List.of(entry.file()));
        }
    }

    /** Removes the files whose keys {@code which} accepts: their URIs. */
    Set<String> purge(CachePurge which) {
        Set<String> purged = new HashSet<>();
        List<Path> files = new ArrayList<>();
        synchronized (this) {
            for (Iterator<Map.Entry<String, Entry>> it = index.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, Entry> entry = it.next();
                if (which.test(entry.getValue().key())) {
                    it.remove();
                    bytes -= entry.getValue().size();
                    purged.add(entry.getKey());
                    files.add(entry.getValue().file());
                }
            }
        }
        deleteLater(files);
        return purged;
    }

    synchronized long bytes() {
        return bytes;
    }

    synchronized int entries() {
        return index.size();
    }

    long evicted() {
        return evicted.sum();
    }

    long reads() {
        return reads.sum();
    }

    /** Lets the writes already asked for finish (at most 30 s), then stops the thread. */
    @Override
    public void close() {
        io.shutdown();
        try {
            if (!io.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("cache: disk writes to {} still pending after 30 s at close", directory);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private VariantSet readNow(String id) {
        Entry entry;
        synchronized (this) {
            entry = index.get(id);
        }
        if (entry == null) {
            return null;
        }
        reads.increment();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(entry.file()), 65536))) {
            VariantSet set = DiskFormat.read(in, entry.size(), maxHeuristic);
            if (set.id().equals(id)) {
                return set;
            }
            LOG.warn("cache: {} holds {}, not {}: removed", entry.file(), set.id(), id);
        } catch (NoSuchFileException gone) {
            forget(id, entry);
            return null;
        } catch (IOException | RuntimeException e) {
            LOG.warn("cache: {} could not be read: {}: removed", entry.file(), e.toString());
        }
        forget(id, entry);
        deleteNow(entry.file());
        return null;
    }

    private void writeNow(VariantSet asked, long removalsBefore) {
        String id = asked.id();
        VariantSet current = inMemory.apply(id);
        VariantSet set = current != null ? current : removals.getAsLong() == removalsBefore ? asked : null;
        if (set == null) {
            return;
        }
        synchronized (this) {
            Entry written = index.get(id);
            if (written != null && written.version() >= set.version()) {
                return;
            }
        }
        Path file = fileOf(id);
        Path temporary = file.resolveSibling(TEMPORARY + file.getFileName());
        long size;
        try {
            Files.createDirectories(file.getParent());
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temporary), 65536))) {
                DiskFormat.write(set, out);
            }
            size = Files.size(temporary);
            if (size > maxBytes) {
                Files.delete(temporary);
                return;
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.warn("cache: {} could not be written: {}", file, e.toString());
            deleteNow(temporary);
            return;
        }
        List<Path> victims;
        synchronized (this) {
            Entry replaced = index.put(id, new Entry(set.key(), file, size, set.version()));
            bytes += size - (replaced == null ? 0 : replaced.size());
            victims = evictOverBound();
        }
        victims.forEach(DiskTier::deleteNow);
    }

    /** Takes entries off the index until it fits its bound: the files to delete. Holds the lock. */
    private List<Path> evictOverBound() {
        List<Path> victims = new ArrayList<>();
        int secondChances = index.size();
        while (bytes > maxBytes && !index.isEmpty()) {
            Map.Entry<String, Entry> eldest = index.entrySet().iterator().next();
            String id = eldest.getKey();
            Entry entry = eldest.getValue();
            index.remove(id);
            if (secondChances-- > 0 && residentInMemory.test(id)) {
                index.put(id, entry);
                continue;
            }
            bytes -= entry.size();
            victims.add(entry.file());
            evicted.increment();
        }
        return victims;
    }

    private synchronized void forget(String id, Entry entry) {
        if (index.remove(id, entry)) {
            bytes -= entry.size();
        }
    }

    private void deleteLater(List<Path> files) {
        if (files.isEmpty()) {
            return;
        }
        try {
            io.execute(() -> files.forEach(DiskTier::deleteNow));
        } catch (RejectedExecutionException closed) {
            files.forEach(DiskTier::deleteNow);
        }
    }

    private static void deleteNow(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cache: {} could not be deleted: {}", file, e.toString());
        }
    }

    /** Indexes the files left by an earlier process, least recently written first; removes damaged and temporary ones. */
    private void index() throws IOException {
        record Found(String id, Entry entry, long modified) {}
        List<Found> found = new ArrayList<>();
        try (DirectoryStream<Path> shards = Files.newDirectoryStream(directory, Files::isDirectory)) {
            for (Path shard : shards) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(shard)) {
                    for (Path file : files) {
                        if (file.getFileName().toString().startsWith(TEMPORARY)) {
                            deleteNow(file);
                            continue;
                        }
                        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 4096))) {
                            CacheKey key = DiskFormat.readKey(in);
                            found.add(new Found(key.id(), new Entry(key, file, attributes.size(), 0),
                                    attributes.lastModifiedTime().toMillis()));
                        } catch (IOException damaged) {
                            LOG.warn("cache: {} is not a cache file: removed", file);
                            deleteNow(file);
                        }
                    }
                }
            }
        }
        found.sort(Comparator.comparingLong(Found::modified));
        List<Path> victims;
        synchronized (this) {
            for (Found file : found) {
                Entry replaced = index.put(file.id(), file.entry());
                bytes += file.entry().size() - (replaced == null ? 0 : replaced.size());
            }
            victims = evictOverBound();
        }
        victims.forEach(DiskTier::deleteNow);
    }

    private Path fileOf(String id) {
        try {
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8)));
            return directory.resolve(hash.substring(0, 2)).resolve(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}

package dev.moor.edge.compression;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Configures a {@link Compression}; every setting has a default, and each is checked when it is set. */
public final class CompressionBuilder {
    private static final Logger log = LoggerFactory.getLogger(Compression.class);

    private List<Coding> preference = List.of(Coding.ZSTD, Coding.BROTLI, Coding.GZIP);
    private MediaTypes mediaTypes = MediaTypes.of(MediaTypes.DEFAULTS);
    private long minimumSize = 1024;
    private int gzipLevel = 5;
    private int zstdLevel = 3;
    private int brotliQuality = 4;

    CompressionBuilder() {}

    /**
     * The codings offered, most preferred first: the order breaks ties between codings a client accepts with the
     * same q. Default: zstd, br, gzip (at the default levels zstd compresses fastest, brotli as small as gzip for
     * less CPU, and gzip is what every client has). A coding whose native library does not load here is left out when building, saying so.
     */
    public CompressionBuilder preference(List<Coding> codings) {
        Objects.requireNonNull(codings, "preference");
        Set<Coding> seen = EnumSet.noneOf(Coding.class);
        for (Coding coding : codings) {
            if (coding == null || !seen.add(coding)) {
                throw new IllegalArgumentException("preference: " + codings + " (expected: each coding once)");
            }
        }
        if (codings.isEmpty()) {
            throw new IllegalArgumentException("preference: [] (expected: at least one coding)");
        }
        this.preference = List.copyOf(codings);
        return this;
    }

    public CompressionBuilder preference(Coding... codings) {
        return preference(Arrays.asList(codings));
    }

    /** The compressible media types, as {@link MediaTypes#of} patterns; default {@link MediaTypes#DEFAULTS}. */
    public CompressionBuilder mediaTypes(List<String> patterns) {
        this.mediaTypes = MediaTypes.of(Objects.requireNonNull(patterns, "mediaTypes"));
        return this;
    }

    /**
     * Bodies with a Content-Length below this stay as they are; default 1024 bytes: a smaller body travels in one
     * TCP segment either way, so compressing it saves no round trip and costs an encoder.
     */
    public CompressionBuilder minimumSize(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("minimumSize: " + bytes + " (expected: >= 0)");
        }
        this.minimumSize = bytes;
        return this;
    }

    /** gzip's level, 1 (fastest) to 9 (smallest); default 5. */
    public CompressionBuilder gzipLevel(int level) {
        this.gzipLevel = inRange("gzipLevel", level, 1, 9);
        return this;
    }

    /** Zstandard's level, 1 to 19 (levels past 19 need windows beyond what HTTP clients accept); default 3. */
    public CompressionBuilder zstdLevel(int level) {
        this.zstdLevel = inRange("zstdLevel", level, 1, 19);
        return this;
    }

    /** Brotli's quality, 0 to 11; default 4. */
    public CompressionBuilder brotliQuality(int quality) {
        this.brotliQuality = inRange("brotliQuality", quality, 0, 11);
        return this;
    }

    public Compression build() {
        List<Coding> available = new ArrayList<>();
        for (Coding coding : preference) {
            Throwable problem = coding.unavailability();
            if (problem == null) {
                available.add(coding);
            } else {
                log.warn("compression: {} is left out: its native library does not load here ({})",
                        coding.token(), problem.toString());
            }
        }
        return new Compression(List.copyOf(available), mediaTypes, minimumSize, gzipLevel, zstdLevel, brotliQuality);
    }

    private static int inRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: " + min + " to " + max + ")");
        }
        return value;
    }
}

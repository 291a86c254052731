package dev.moor.edge.compression;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.github.luben.zstd.util.Native;
import io.netty.util.AsciiString;

/**
 * A content coding the edge can apply to a response body (RFC 9110 §8.4.1): its token in Accept-Encoding and
 * Content-Encoding, and whether its library works on this machine (zstd and brotli are native code).
 */
public enum Coding {
    /** Zstandard, RFC 8878 and RFC 9659. */
    ZSTD("zstd"),
    /** Brotli, RFC 7932. */
    BROTLI("br"),
    /** gzip, RFC 1952. */
    GZIP("gzip");

    private static final AsciiString X_GZIP = AsciiString.cached("x-gzip");
    private static final Coding[] ALL = values();

    private final AsciiString token;

    Coding(String token) {
        this.token = AsciiString.cached(token);
    }

    /** The token that names this coding in Accept-Encoding and Content-Encoding. */
    public AsciiString token() {
        return token;
    }

    /** The token, as in headers and messages. */
    @Override
    public String toString() {
        return token.toString();
    }

    /** Why this coding cannot be used here (its native library did not load), or null when it can. */
    public Throwable unavailability() {
        return switch (this) {
            case ZSTD -> ZstdLibrary.PROBLEM;
            case BROTLI -> BrotliLibrary.PROBLEM;
            case GZIP -> null;
        };
    }

    /** The coding named by {@code token} (any case; {@code x-gzip} is gzip, RFC 9110 §8.4.1.3), or null. */
    static Coding ofToken(CharSequence text, int start, int end) {
        int length = end - start;
        for (Coding coding : ALL) {
            if (length == coding.token.length() && coding.token.regionMatches(true, 0, text, start, length)) {
                return coding;
            }
        }
        return length == X_GZIP.length() && X_GZIP.regionMatches(true, 0, text, start, length) ? GZIP : null;
    }

    // Holders, so that a native library is loaded only when its coding is first asked about.
    private static final class ZstdLibrary {
        static final Throwable PROBLEM = load();

        private static Throwable load() {
            try {
                Native.load();
                return null;
            } catch (LinkageError | RuntimeException e) {
                return e;
            }
        }
    }

    private static final class BrotliLibrary {
        static final Throwable PROBLEM = load();

        private static Throwable load() {
            try {
                return Brotli4jLoader.isAvailable() ? null : Brotli4jLoader.getUnavailabilityCause();
            } catch (LinkageError e) {
                return e;
            }
        }
    }
}

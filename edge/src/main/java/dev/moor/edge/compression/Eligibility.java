package dev.moor.edge.compression;

/** Whether a response may be compressed, judged on its status and head alone, and if not, why. */
public enum Eligibility {
    /** Compressed when the client accepts a coding; sent as it is, with {@code Vary: Accept-Encoding}, otherwise. */
    COMPRESSIBLE(true),
    /**
     * A 304 of a response that may have been compressed: it has no body, but carries {@code Vary: Accept-Encoding},
     * and, when the client accepts a coding, the weak form of its ETag, as the 200 it revalidates did.
     */
    NOT_MODIFIED(true),
    /** The answer to a HEAD request, a 1xx or a 204: no body. */
    BODILESS(false),
    /**
     * A status whose body is not compressed: 206 (its Content-Range counts bytes of the uncoded body) and the
     * others but 200 and 203 (redirects and error pages are small).
     */
    STATUS(false),
    /** The body has a Content-Encoding already: a coding is never applied twice. */
    ENCODED(false),
    /** {@code Cache-Control: no-transform}: the origin asked intermediaries to leave the body as it is. */
    NO_TRANSFORM(false),
    /** No Content-Type, or one that is not among the compressible media types. */
    MEDIA_TYPE(false),
    /** A Content-Length below the minimum size. */
    TOO_SMALL(false);

    private final boolean varies;

    Eligibility(boolean varies) {
        this.varies = varies;
    }

    /** Whether the response's representation depends on Accept-Encoding, so it carries Vary: Accept-Encoding. */
    public boolean varies() {
        return varies;
    }
}

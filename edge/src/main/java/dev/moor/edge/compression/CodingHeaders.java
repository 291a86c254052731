package dev.moor.edge.compression;

import io.netty.handler.codec.http.HttpHeaderNames;
import dev.moor.edge.filter.ResponseHeaders;

import java.util.List;

/**
 * The edits a response head takes when the edge compresses its body, or could have.
 *
 * <p>A strong ETag becomes weak ({@code "abc"} → {@code W/"abc"}) rather than suffixed ({@code "abc-gzip"}): the
 * compressed bytes differ from the origin's, so the tag may no longer be strong (RFC 9110 §8.8.1), and a weak tag
 * still revalidates at the origin, since If-None-Match compares weakly (§13.1.2) and the origin sees the tag it sent
 * with W/ in front; a suffixed tag matches nothing at the origin unless the edge strips it from every conditional
 * request (Apache's mod_deflate bug 45023). The cost: If-Match and If-Range compare strongly, so they never match a
 * compressed response's tag, and a client then gets the whole response again rather than a range, which it could not
 * have had anyway (Accept-Ranges is removed).
 */
public final class CodingHeaders {
    private static final String ACCEPT_ENCODING = "Accept-Encoding";
    private static final String WEAK_PREFIX = "W/";

    private CodingHeaders() {}

    /**
     * For a body compressed with {@code coding}: Content-Encoding set, Vary merged with Accept-Encoding, a strong
     * ETag made weak, Content-Length and Accept-Ranges removed (the writer frames the body: chunked on HTTP/1.1).
     */
    public static void encoded(ResponseHeaders headers, Coding coding) {
        headers.set(HttpHeaderNames.CONTENT_ENCODING, coding.token());
        headers.remove(HttpHeaderNames.CONTENT_LENGTH);
        headers.remove(HttpHeaderNames.ACCEPT_RANGES);
        varied(headers);
        weakenETag(headers);
    }

    /**
     * Vary merged with Accept-Encoding: added when absent, appended to the fields listed (as one line), left alone
     * when it lists Accept-Encoding or {@code *} already.
     */
    public static void varied(ResponseHeaders headers) {
        if (lists(headers, HttpHeaderNames.VARY, ACCEPT_ENCODING) || lists(headers, HttpHeaderNames.VARY, "*")) {
            return;
        }
        List<String> listed = headers.getAll(HttpHeaderNames.VARY);
        StringBuilder vary = new StringBuilder();
        for (String value : listed) {
            String trimmed = value.strip();
            if (!trimmed.isEmpty()) {
                vary.append(trimmed).append(", ");
            }
        }
        headers.set(HttpHeaderNames.VARY, vary.append(ACCEPT_ENCODING).toString());
    }

    /** A strong ETag made weak: {@code "abc"} becomes {@code W/"abc"}; a weak one or none is left alone. */
    public static void weakenETag(ResponseHeaders headers) {
        String etag = headers.get(HttpHeaderNames.ETAG);
        if (etag != null && !etag.startsWith(WEAK_PREFIX)) {
            headers.set(HttpHeaderNames.ETAG, WEAK_PREFIX + etag);
        }
    }

    /** Whether a line of the header {@code name} lists {@code token} (any case) among its comma-separated values. */
    static boolean lists(ResponseHeaders headers, CharSequence name, String token) {
        for (String value : headers.getAll(name)) {
            for (String listed : value.split(",")) {
                if (listed.strip().equalsIgnoreCase(token)) {
                    return true;
                }
            }
        }
        return false;
    }
}

package dev.moor.edge.cache;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;

import java.time.Duration;
import java.util.List;

/**
 * A client's request as the cache sees it: method, primary key, directives, and its headers (read for Vary when
 * its response is stored, and for the client's own conditions when it is answered from the cache, so the caller
 * changes them only through {@link Forward#prepare}).
 */
public final class CacheRequest {
    private final HttpMethod method;
    private final CacheKey key;
    private final String id;
    private final HttpHeaders headers;
    private final CacheControl cacheControl;
    private final boolean authorization;
    private final boolean cacheable;
    private final long staleOnError;
    private final List<String> ifNoneMatch;
    private final String ifModifiedSince;

    private CacheRequest(HttpMethod method, CacheKey key, HttpHeaders headers, long staleOnError) {
        this.method = method;
        this.key = key;
        this.id = key.id();
        this.headers = headers;
        this.cacheControl = CacheControl.ofRequest(headers);
        this.authorization = headers.contains(HttpHeaderNames.AUTHORIZATION);
        // Ranges are not cached (a hit would have to cut them); If-Match and If-Unmodified-Since are about writing.
        this.cacheable = (method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD))
                && !headers.contains(HttpHeaderNames.RANGE) && !headers.contains(HttpHeaderNames.IF_MATCH)
                && !headers.contains(HttpHeaderNames.IF_UNMODIFIED_SINCE);
        this.staleOnError = staleOnError;
        // Kept apart: Forward.prepare removes them from the headers when the cache asks upstream with its own.
        this.ifNoneMatch = headers.contains(HttpHeaderNames.IF_NONE_MATCH)
                ? headers.getAll(HttpHeaderNames.IF_NONE_MATCH) : List.of();
        this.ifModifiedSince = headers.get(HttpHeaderNames.IF_MODIFIED_SINCE);
    }

    /**
     * A request for {@code scheme://host target}, outside any route's partition.
     *
     * @param host the Host header or :authority, with or without port (null when the request had none)
     * @param target the request target: origin-form ({@code /path?query}) or absolute-form
     */
    public static CacheRequest of(HttpMethod method, String scheme, String host, String target, HttpHeaders headers) {
        return new CacheRequest(method, CacheKey.of("", scheme, host, target), headers, 0);
    }

    /**
     * A request of a route: its key in the route's partition, with the route's allowance (see {@link
     * #withStaleOnError}) in milliseconds, at least 0.
     */
    static CacheRequest of(String partition, HttpMethod method, String scheme, String host, String target,
                           HttpHeaders headers, long staleOnErrorMillis) {
        return new CacheRequest(method, CacheKey.of(partition, scheme, host, target), headers, staleOnErrorMillis);
    }

    /**
     * The same request, with its route's allowance for serving stale content when the upstream fails (every replica
     * down, 5xx): how long past its freshness a stored response may still answer then, even without
     * stale-if-error. The response's no-cache, must-revalidate and proxy-revalidate still forbid it.
     */
    public CacheRequest withStaleOnError(Duration allowance) {
        if (allowance.isNegative()) {
            throw new IllegalArgumentException("staleOnError: " + allowance + " (expected: >= 0s)");
        }
        return new CacheRequest(method, key, headers, allowance.toMillis());
    }

    public HttpMethod method() {
        return method;
    }

    public CacheKey key() {
        return key;
    }

    public HttpHeaders headers() {
        return headers;
    }

    public CacheControl cacheControl() {
        return cacheControl;
    }

    /** The key's {@link CacheKey#id()}. */
    String id() {
        return id;
    }

    boolean authorization() {
        return authorization;
    }

    /** GET or HEAD without Range or write preconditions: the cache may answer it. */
    boolean cacheable() {
        return cacheable;
    }

    /** Methods whose success changes the target (RFC 9110 §9.2.1): their responses invalidate (RFC 9111 §4.4). */
    boolean unsafe() {
        return !method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD) && !method.equals(HttpMethod.OPTIONS)
                && !method.equals(HttpMethod.TRACE);
    }

    /** The client's If-None-Match lines. */
    List<String> ifNoneMatch() {
        return ifNoneMatch;
    }

    /** The client's If-Modified-Since, or null. */
    String ifModifiedSince() {
        return ifModifiedSince;
    }

    /** Milliseconds. */
    long staleOnError() {
        return staleOnError;
    }
}

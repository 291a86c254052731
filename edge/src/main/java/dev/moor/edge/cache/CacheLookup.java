package dev.moor.edge.cache;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.Http2Headers;

/**
 * What {@link HttpCache#lookup} decided for a request: answer it from the cache ({@link Hit}), send it upstream
 * ({@link Forward}), answer 504 ({@link NotCached}), or wait ({@link Pending}: the decision comes later through the
 * callback given to lookup, on the executor given with it).
 */
public sealed interface CacheLookup permits CacheLookup.Hit, CacheLookup.Pending, CacheLookup.NotCached, Forward {

    /**
     * Answer from a stored response.
     *
     * @param ageSeconds the Age header's value (RFC 9111 §5.1), to be sent with the answer
     * @param notModified the client's own conditions (If-None-Match, If-Modified-Since) hold: answer 304 Not
     *                    Modified (with {@link #http1Head()} or {@link #http2Headers()}, which say so, and no body)
     * @param revalidation a background revalidation to send upstream (stale-while-revalidate), as a request of its
     *                     own with the client's headers, whose answer goes to no client; null for none
     */
    record Hit(CachedResponse response, CacheStatus status, long ageSeconds, boolean notModified, Forward revalidation)
            implements CacheLookup {

        /** 304 or the stored status. */
        public int statusCode() {
            return notModified ? 304 : response.status();
        }

        /**
         * The HTTP/1.1 status line and header lines of the answer, each ended by CRLF; the caller adds
         * {@code age: }{@link #ageSeconds}, its own lines (X-Cache, request id, Connection) and the final CRLF.
         */
        public ByteBuf http1Head() {
            return notModified ? response.http1NotModifiedHead() : response.http1Head();
        }

        /** The HTTP/2 header block of the answer, with age; the caller may add its own fields. */
        public Http2Headers http2Headers() {
            return response.http2Headers(ageSeconds, notModified);
        }

        /** Whether the answer's head has a field {@code name} (lower case). */
        public boolean carries(String name) {
            return response.carries(name, notModified);
        }

        /** The body to send (none for 304; a HEAD request sends none of it either): a read-only view, no release needed. */
        public ByteBuf body() {
            return notModified ? Unpooled.EMPTY_BUFFER : response.body();
        }
    }

    /** The decision comes later, through the lookup's callback, on its executor. */
    enum Pending implements CacheLookup {
        INSTANCE
    }

    /** The request said only-if-cached and nothing stored may answer it: answer 504 (RFC 9111 §5.2.1.7). */
    enum NotCached implements CacheLookup {
        INSTANCE
    }
}

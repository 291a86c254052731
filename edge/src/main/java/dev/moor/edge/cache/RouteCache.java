package dev.moor.edge.cache;

import dev.moor.edge.filter.Answer;
import dev.moor.edge.filter.BodyFilter;
import dev.moor.edge.filter.Deferred;
import dev.moor.edge.filter.FilteredRequest;
import dev.moor.edge.filter.LocalAnswer;
import dev.moor.edge.filter.RequestFilter;
import dev.moor.edge.filter.ResponseFilter;
import dev.moor.edge.filter.ResponseHeaders;
import dev.moor.edge.filter.RouteFilters;
import dev.moor.edge.filter.Verdict;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A route's HTTP cache as filters of the edge's pipeline, over the edge's {@link HttpCache}. Made once per route
 * and snapshot; {@link #filters()} goes first in the route's list, so that its request filter answers hits before
 * any other filter runs, and its response filter, which runs last, stores the response as the client gets it (as
 * compression listed after it made it, with its Vary: Accept-Encoding).
 *
 * <p>Per request (X-Cache says which; Age comes with every stored answer):
 * <ul>
 *   <li>HIT: a fresh stored response (or a 304 when the client's own conditions hold), written from the head
 *       rendered when it was stored, without an upstream;</li>
 *   <li>STALE: a stale one the cache may use (max-stale; stale-while-revalidate, whose revalidation then goes
 *       upstream in the background; stale-if-error or this route's allowance when the upstream answers 500, 502,
 *       503 or 504, or the edge would answer 502, 503 or 504 itself);</li>
 *   <li>REVALIDATED: the upstream answered the cache's conditional request 304, and the client gets the stored
 *       response;</li>
 *   <li>MISS: the request went upstream, with the cache's validators in place of the client's conditions when the
 *       response may be stored, and a storable response is stored as it streams to the client. Concurrent misses
 *       for one key wait for the first one's response (resumed on their own event loops) and are answered from
 *       it when it could be stored.</li>
 * </ul>
 * A request with only-if-cached that nothing stored answers gets 504; a successful unsafe request (POST...)
 * invalidates its URI; HEAD is answered from the stored GET response; WebSocket handshakes pass by the cache.
 */
public final class RouteCache {
    private static final LocalAnswer NOT_CACHED = new LocalAnswer(504,
            List.of(new LocalAnswer.Header("Content-Type", "application/json")),
            "{\"status\":504,\"error\":\"only-if-cached, and nothing stored answers this request\"}\n"
                    .getBytes(StandardCharsets.UTF_8));

    private static final String MISS = CacheStatus.MISS.name();

    private final HttpCache cache;
    private final String partition;
    private final long staleOnErrorMillis;
    private final RouteFilters filters;

    /**
     * @param partition    the route's partition: what it stores, only it and the routes of the same partition find
     *                     (see {@link dev.moor.snapshot.CachePolicy}); without spaces
     * @param staleOnError how long past its freshness a stored response may still answer when no upstream can
     *                     (every replica down, a 5xx), even without stale-if-error; zero for no longer than the
     *                     response itself allows. A response's no-cache, must-revalidate and proxy-revalidate
     *                     still forbid it.
     */
    public RouteCache(HttpCache cache, String partition, Duration staleOnError) {
        this.cache = Objects.requireNonNull(cache, "cache");
        if (partition.isEmpty() || partition.indexOf(' ') >= 0) {
            throw new IllegalArgumentException("partition: \"" + partition + "\" (expected: a name without spaces)");
        }
        this.partition = partition;
        Objects.requireNonNull(staleOnError, "staleOnError");
        if (staleOnError.isNegative()) {
            throw new IllegalArgumentException("staleOnError: " + staleOnError + " (expected: >= 0s)");
        }
        this.staleOnErrorMillis = staleOnError.toMillis();
        this.filters = new RouteFilters(List.of(new LookUp()), List.of(new Store()));
    }

    /** The route's cache filters: one request filter and one response filter. */
    public RouteFilters filters() {
        return filters;
    }

    /** Looks a request up: answers it, lets it go upstream (as a {@link Forward} kept with it), or waits. */
    private final class LookUp implements RequestFilter {
        @Override
        public Verdict filter(FilteredRequest request) {
            HttpHeaders headers = request.headers();
            if (headers.contains(HttpHeaderNames.UPGRADE)) {
                return null;
            }
            CacheRequest cacheRequest = CacheRequest.of(partition, HttpMethod.valueOf(request.method()), request.scheme(),
                    request.host(), request.target(), headers, staleOnErrorMillis);
            CacheLookup lookup = cache.lookup(cacheRequest, request.eventLoop(), resumed -> resume(request, resumed));
            if (lookup != CacheLookup.Pending.INSTANCE) {
                return decide(request, lookup);
            }
            // The lookup resumes on this event loop, so after this call: the decision is kept by then.
            CompletableFuture<Answer> decision = new CompletableFuture<>();
            request.attach(RouteCache.this, decision);
            return new Deferred(decision);
        }

        @SuppressWarnings("unchecked")
        private void resume(FilteredRequest request, CacheLookup lookup) {
            CompletableFuture<Answer> decision = (CompletableFuture<Answer>) request.attachment(RouteCache.this);
            try {
                decision.complete(decide(request, lookup));
            } catch (RuntimeException e) {
                decision.completeExceptionally(e);
            }
        }

        @Override
        public String toString() {
            return "RouteCache.LookUp";
        }
    }

    /** The answer to a request from what the cache decided, or null to send it upstream. */
    private Answer decide(FilteredRequest request, CacheLookup lookup) {
        return switch (lookup) {
            case CacheLookup.Hit hit -> {
                if (hit.revalidation() != null) {
                    goUpstream(request, hit.revalidation());
                    request.forwardInBackground();
                }
                request.logOutcome(hit.status().name());
                yield new CachedAnswer(hit);
            }
            case Forward forward -> {
                goUpstream(request, forward);
                request.logOutcome(MISS);
                yield null;
            }
            case CacheLookup.NotCached notCached -> {
                request.logOutcome(MISS);
                yield NOT_CACHED;
            }
            case CacheLookup.Pending pending -> throw new IllegalStateException("a resumed lookup waits again");
        };
    }

    /** The request goes upstream for {@code forward}, which is ended (if nothing else ended it) with the request. */
    private void goUpstream(FilteredRequest request, Forward forward) {
        forward.prepare((name, value) -> {
            if (value == null) {
                request.removeUpstreamHeader(name);
            } else {
                request.setUpstreamHeader(name, value);
            }
        });
        request.attach(this, forward);
        request.onEnd(forward::abort);
    }

    /** Hands a proxied response to its request's {@link Forward}: stored, answered from the store, or passed on. */
    private final class Store implements ResponseFilter {
        @Override
        public BodyFilter filter(FilteredRequest request, ResponseHeaders head) {
            if (!(request.attachment(RouteCache.this) instanceof Forward forward)) {
                return null;
            }
            int status = head.status();
            // An upstream's own cache status is not this cache's: neither stored nor passed on.
            head.remove(CachedAnswer.X_CACHE);
            HttpHeaders fields = DefaultHttpHeadersFactory.headersFactory().withValidation(false).newHeaders();
            head.forEach(fields::add);
            CacheLookup.Hit instead = forward.response(status, HttpResponseStatus.valueOf(status).reasonPhrase(),
                    fields);
            if (instead != null) {
                head.replace(instead.statusCode(), lines(instead));
                request.logOutcome(instead.status().name());
                return new Replacement(instead, request.method().equals("HEAD"));
            }
            head.set(CachedAnswer.X_CACHE, MISS);
            return new Collecting(forward);
        }

        @Override
        public Answer failed(FilteredRequest request, int status) {
            if (!(request.attachment(RouteCache.this) instanceof Forward forward)) {
                return null;
            }
            CacheLookup.Hit stale = forward.failed();
            if (stale == null) {
                return null;
            }
            request.logOutcome(stale.status().name());
            return new CachedAnswer(stale);
        }

        @Override
        public String toString() {
            return "RouteCache.Store";
        }
    }

    /** The header lines of a stored answer given in place of an upstream response (a 304, a 5xx). */
    private static List<LocalAnswer.Header> lines(CacheLookup.Hit hit) {
        List<Header> stored = hit.notModified() ? hit.response().notModifiedHeaders() : hit.response().headers();
        List<LocalAnswer.Header> lines = new ArrayList<>(stored.size() + 2);
        for (Header header : stored) {
            lines.add(new LocalAnswer.Header(header.name(), header.value()));
        }
        lines.add(new LocalAnswer.Header("age", Long.toString(hit.ageSeconds())));
        lines.add(new LocalAnswer.Header(CachedAnswer.X_CACHE, hit.status().name()));
        return lines;
    }

    /** The body of a response the cache stores: each piece copied as it passes. */
    private record Collecting(Forward forward) implements BodyFilter {
        @Override
        public ByteBuf chunk(ByteBuf data) {
            forward.body(data);
            return data;
        }

        @Override
        public ByteBuf end() {
            forward.end();
            return null;
        }

        @Override
        public void abort() {
            forward.abort();
        }
    }

    /** The stored body in place of the upstream's (none for a 304 or a HEAD request). */
    private record Replacement(CacheLookup.Hit hit, boolean headRequest) implements BodyFilter {
        @Override
        public ByteBuf chunk(ByteBuf data) {
            data.release();
            return null;
        }

        @Override
        public ByteBuf end() {
            return headRequest || hit.notModified() ? null : hit.body();
        }

        @Override
        public void abort() {
        }
    }
}

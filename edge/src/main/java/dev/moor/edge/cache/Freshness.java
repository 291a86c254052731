package dev.moor.edge.cache;

import static dev.moor.edge.cache.CacheControl.ABSENT;
import static dev.moor.edge.cache.CacheControl.ANY;

/**
 * Freshness and age (RFC 9111 §4.2) and whether a stored response may be used for a request (§4, §5.2.1, RFC 5861),
 * as pure functions of the stored response's times and directives, the request's directives and the clock. Times
 * are epoch milliseconds of the cache's clock; header delta-seconds are converted at the edges.
 */
final class Freshness {
    /** RFC 9110 §15.1: the status codes whose responses may be given a heuristic freshness lifetime. */
    private static final int[] HEURISTICALLY_CACHEABLE = {200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501};
    /** RFC 9111 §4.2.2 suggests 10 % of the time since Last-Modified. */
    private static final int HEURISTIC_FRACTION = 10;
    /** A time header that is absent. */
    static final long NO_TIME = Long.MIN_VALUE;
    /** A time header that is there but unreadable. */
    static final long INVALID_TIME = Long.MIN_VALUE + 1;

    /** What a stored response may do for one request. */
    enum Use {
        /** Fresh enough for the request: serve it. */
        FRESH,
        /** Stale, but within the request's max-stale: serve it. */
        STALE,
        /** Stale, within the response's stale-while-revalidate: serve it and revalidate in the background. */
        STALE_WHILE_REVALIDATE,
        /** Only after the upstream confirms it (a conditional request) or replaces it. */
        VALIDATE
    }

    private Freshness() {}

    static boolean heuristicallyCacheable(int status) {
        for (int code : HEURISTICALLY_CACHEABLE) {
            if (code == status) {
                return true;
            }
        }
        return false;
    }

    /**
     * The freshness lifetime (§4.2.1): s-maxage, else max-age, else Expires minus Date (an invalid Expires means
     * already expired), else for a heuristically cacheable status or a public response 10 % of Date minus
     * Last-Modified, at most {@code maxHeuristic}, else 0.
     *
     * @param expires the Expires time, {@link #NO_TIME} when absent, {@link #INVALID_TIME} when unreadable
     * @param lastModified the Last-Modified time or {@link #NO_TIME}
     */
    static long lifetime(CacheControl directives, int status, long date, long expires, long lastModified, long maxHeuristic) {
        if (directives.sMaxAge() != ABSENT) {
            return directives.sMaxAge() * 1000;
        }
        if (directives.maxAge() != ABSENT) {
            return directives.maxAge() * 1000;
        }
        if (expires == INVALID_TIME) {
            return 0;
        }
        if (expires != NO_TIME) {
            return Math.max(0, expires - date);
        }
        if ((heuristicallyCacheable(status) || directives.publicResponse()) && lastModified != NO_TIME && lastModified < date) {
            return Math.min((date - lastModified) / HEURISTIC_FRACTION, maxHeuristic);
        }
        return 0;
    }

    /**
     * The corrected initial age (§4.2.3): the larger of the apparent age ({@code responseTime - date}, at least 0)
     * and the Age header's value plus the time the request took.
     *
     * @param ageSeconds the Age header's value, or {@link CacheControl#ABSENT}
     */
    static long correctedInitialAge(long ageSeconds, long date, long requestTime, long responseTime) {
        long apparentAge = Math.max(0, responseTime - date);
        long responseDelay = Math.max(0, responseTime - requestTime);
        long correctedAgeValue = (ageSeconds == ABSENT ? 0 : ageSeconds * 1000) + responseDelay;
        return Math.max(apparentAge, correctedAgeValue);
    }

    /** The current age (§4.2.3); a clock that went back does not make it younger than when it was stored. */
    static long currentAge(long correctedInitialAge, long responseTime, long now) {
        return correctedInitialAge + Math.max(0, now - responseTime);
    }

    /**
     * What {@code stored} may do for a request with {@code request}'s directives at {@code now}.
     *
     * <ul>
     *   <li>A response's unqualified no-cache always needs validation.</li>
     *   <li>A request's no-cache (or Pragma: no-cache) and max-age it has exceeded need validation, except for a
     *       fresh immutable response (RFC 8246: it will not change while fresh; browsers send these on reload).</li>
     *   <li>A fresh response serves unless the request's min-fresh asks for more time than it has left.</li>
     *   <li>A stale one never serves under must-revalidate or proxy-revalidate. The request's max-stale serves it,
     *       except under s-maxage, which implies proxy-revalidate for a shared cache (§5.2.2.10); the response's
     *       own stale-while-revalidate does, s-maxage or not: the origin said so explicitly in the same response
     *       (the common {@code s-maxage=60, stale-while-revalidate=600}).</li>
     * </ul>
     */
    static Use judge(CachedResponse stored, CacheControl request, long now) {
        CacheControl response = stored.cacheControl();
        long age = stored.currentAge(now);
        long lifetime = stored.freshnessLifetime();
        boolean fresh = lifetime > age;
        if (response.noCache()) {
            return Use.VALIDATE;
        }
        if (!(fresh && response.immutable())
                && (request.noCache() || request.maxAge() != ABSENT && age > millis(request.maxAge()))) {
            return Use.VALIDATE;
        }
        if (fresh) {
            return request.minFresh() != ABSENT && lifetime - age < millis(request.minFresh()) ? Use.VALIDATE : Use.FRESH;
        }
        if (response.mustRevalidate() || response.proxyRevalidate() || request.minFresh() != ABSENT) {
            return Use.VALIDATE;
        }
        long staleness = age - lifetime;
        if (request.maxStale() != ABSENT && response.sMaxAge() == ABSENT && staleness <= millis(request.maxStale())) {
            return Use.STALE;
        }
        if (response.staleWhileRevalidate() != ABSENT && staleness <= millis(response.staleWhileRevalidate())) {
            return Use.STALE_WHILE_REVALIDATE;
        }
        return Use.VALIDATE;
    }

    /**
     * Whether {@code stored} may answer a request whose upstream failed (no response, or 500, 502, 503, 504):
     * while fresh, or stale by at most the largest of the response's and the request's stale-if-error and the
     * route's allowance. Never under the response's no-cache, must-revalidate or proxy-revalidate (RFC 9111
     * §4.2.4); s-maxage's implied proxy-revalidate gives way, as for stale-while-revalidate: an origin that says
     * stale-if-error, or an operator who sets the route's allowance, asks for exactly this.
     *
     * @param routeAllowance milliseconds, 0 for none
     */
    static boolean servableOnError(CachedResponse stored, CacheControl request, long routeAllowance, long now) {
        CacheControl response = stored.cacheControl();
        if (response.noCache() || response.mustRevalidate() || response.proxyRevalidate()) {
            return false;
        }
        long staleness = stored.currentAge(now) - stored.freshnessLifetime();
        long allowed = Math.max(routeAllowance, Math.max(optionalMillis(response.staleIfError()),
                optionalMillis(request.staleIfError())));
        return staleness < 0 || staleness <= allowed;
    }

    private static long millis(long seconds) {
        return seconds == ANY ? Long.MAX_VALUE : seconds * 1000;
    }

    private static long optionalMillis(long seconds) {
        return seconds == ABSENT ? -1 : millis(seconds);
    }
}

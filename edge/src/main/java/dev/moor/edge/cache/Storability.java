package dev.moor.edge.cache;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;

/**
 * Whether a shared cache may store a response (RFC 9111 §3, §3.5, §5.2), and if not, why. The first reason that
 * applies, in this order.
 */
public enum Storability {
    STORABLE,
    /** Only responses to GET are stored (a HEAD response has no content to answer a GET with). */
    METHOD,
    /**
     * Not a final status, or one the cache does not store: 206 (ranges are not cached), 304 (it only ever updates a
     * stored response), and 500, 502, 503 and 504 (the upstream failed: a stored response may answer instead, see
     * {@link Forward#response}, but the failure is not kept).
     */
    STATUS,
    /** The request said no-store (§5.2.1.5). */
    REQUEST_NO_STORE,
    /** The response said no-store (§5.2.2.5). */
    NO_STORE,
    /** The response said private without field names (§5.2.2.7). */
    PRIVATE,
    /** The request carried Authorization and the response is not public, s-maxage or must-revalidate (§3.5). */
    AUTHORIZATION,
    /**
     * The response sets a cookie and is not explicitly public or s-maxage. A cookie is usually one client's
     * session: storing such a response by default would hand it to the next client. When the origin marks it
     * shareable, the response is stored without its Set-Cookie lines, so a cookie still never reaches another
     * client (the client whose request fetched it gets it from the upstream response).
     */
    SET_COOKIE,
    /** Vary: * (§4.1: it can never be selected). */
    VARY_ANY,
    /**
     * A status that is not heuristically cacheable (RFC 9110 §15.1) without max-age, s-maxage, Expires or public:
     * nothing says for how long it may be reused.
     */
    NO_EXPLICIT_FRESHNESS;

    /** The storability of a response with {@code status} and {@code headers} to a request. */
    public static Storability of(HttpMethod method, CacheControl request, boolean authorization, int status,
                                 CacheControl response, HttpHeaders headers) {
        if (!method.equals(HttpMethod.GET)) {
            return METHOD;
        }
        if (status < 200 || status > 599 || status == 206 || status == 304 || upstreamFailure(status)) {
            return STATUS;
        }
        if (request.noStore()) {
            return REQUEST_NO_STORE;
        }
        if (response.noStore()) {
            return NO_STORE;
        }
        if (response.privateResponse()) {
            return PRIVATE;
        }
        if (authorization && !response.publicResponse() && response.sMaxAge() == CacheControl.ABSENT
                && !response.mustRevalidate()) {
            return AUTHORIZATION;
        }
        if (headers.contains(HttpHeaderNames.SET_COOKIE) && !response.publicResponse()
                && response.sMaxAge() == CacheControl.ABSENT) {
            return SET_COOKIE;
        }
        if (Vary.names(headers) == Vary.ANY) {
            return VARY_ANY;
        }
        boolean explicit = response.maxAge() != CacheControl.ABSENT || response.sMaxAge() != CacheControl.ABSENT
                || headers.contains(HttpHeaderNames.EXPIRES) || response.publicResponse();
        if (!explicit && !Freshness.heuristicallyCacheable(status)) {
            return NO_EXPLICIT_FRESHNESS;
        }
        return STORABLE;
    }

    /** The statuses after which a stored response may answer instead (RFC 5861 §4). */
    static boolean upstreamFailure(int status) {
        return status == 500 || status == 502 || status == 503 || status == 504;
    }
}

package dev.moor.edge.filter;

/** Acts on a proxied response: edits its head and, for this one response, may transform its body. */
@FunctionalInterface
public interface ResponseFilter {
    /**
     * Sees the final head of the upstream's response to {@code request} (not its 1xx heads) before the client
     * does, and may edit it. Returns what transforms this response's body, or null to leave the body as it is.
     */
    BodyFilter filter(FilteredRequest request, ResponseHeaders head);

    /**
     * The edge is about to answer {@code request} with an error of its own ({@code status}: 502, 503 or 504: no
     * endpoint, none reachable, none answered in time), before any byte of a response went out. Returns the answer
     * to give instead (a cache's stale copy), or null. Filters are asked last listed first; the first answer wins.
     */
    default Answer failed(FilteredRequest request, int status) {
        return null;
    }
}

package dev.moor.edge.filter;

/** Acts on a proxied response: edits its head and, for this one response, may transform its body. */
@FunctionalInterface
public interface ResponseFilter {
    /**
     * Sees the final head of the upstream's response to {@code request} (not its 1xx heads) before the client
     * does, and may edit it. Returns what transforms this response's body, or null to leave the body as it is.
     */
    BodyFilter filter(FilteredRequest request, ResponseHeaders head);
}

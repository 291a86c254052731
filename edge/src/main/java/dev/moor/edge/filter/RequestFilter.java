package dev.moor.edge.filter;

/** Acts on a request once its route is known and before an upstream is chosen: lets it go on, or answers it. */
@FunctionalInterface
public interface RequestFilter {
    /** The answer the edge sends instead of proxying {@code request}, or null to let the request go on. */
    LocalAnswer filter(FilteredRequest request);
}

package dev.moor.edge.filter;

/**
 * Acts on a request once its route is known and before an upstream is chosen: lets it go on (possibly with header
 * lines of its own for the upstream), answers it, or decides later.
 */
@FunctionalInterface
public interface RequestFilter {
    /** Null to let {@code request} go on; a {@link LocalAnswer} to answer it instead; {@link Deferred} to decide later. */
    Verdict filter(FilteredRequest request);
}

package dev.moor.edge.filter;

/**
 * What a {@link RequestFilter} decided about a request, when it did not simply let it go on (which it says with
 * null): an answer now, or a decision that comes later.
 */
public sealed interface Verdict permits Answer, Deferred {
}

package dev.moor.edge.filter;

import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * A request filter's decision that comes later (a cache waiting for another request's response, a read from disk):
 * the request waits, its body (if any) held as it is while no upstream connection is ready, and goes on when
 * {@code decision} completes: with an answer, or with null to go on to the next filter and the upstream. It may
 * complete on any thread; the edge resumes the request on its own event loop. Completing exceptionally answers 500.
 * The request's idle timeout runs meanwhile. What completes the decision on the request's event loop may still
 * edit the request as the filter could (attachments, upstream lines) before it completes.
 */
public record Deferred(CompletionStage<? extends Answer> decision) implements Verdict {
    public Deferred {
        Objects.requireNonNull(decision, "decision");
    }
}

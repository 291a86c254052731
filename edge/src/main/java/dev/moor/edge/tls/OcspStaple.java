package dev.moor.edge.tls;

import java.time.Instant;
import java.util.concurrent.ScheduledFuture;

/**
 * The OCSP response a certificate's handshakes staple: fetched from the certificate's responder in the background
 * and again before it goes stale; none while no valid one was fetched. Read by the event loops at each handshake.
 */
final class OcspStaple {
    /** A response and when it stops being valid. */
    private record Response(byte[] der, Instant nextUpdate) {}

    private volatile Response response;
    private volatile ScheduledFuture<?> next;
    private volatile boolean cancelled;

    /** The DER of the OCSP response to staple at {@code now}; null when there is none valid. */
    byte[] current(Instant now) {
        Response current = response;
        return current == null || !now.isBefore(current.nextUpdate()) ? null : current.der();
    }

    void update(byte[] der, Instant nextUpdate) {
        response = new Response(der, nextUpdate);
    }

    /** The next fetch; it does not run once the staple is cancelled. */
    void next(ScheduledFuture<?> fetch) {
        next = fetch;
        if (cancelled) {
            fetch.cancel(false);
        }
    }

    boolean cancelled() {
        return cancelled;
    }

    /** Its certificate left the snapshot: no more fetches. */
    void cancel() {
        cancelled = true;
        ScheduledFuture<?> fetch = next;
        if (fetch != null) {
            fetch.cancel(false);
        }
    }
}

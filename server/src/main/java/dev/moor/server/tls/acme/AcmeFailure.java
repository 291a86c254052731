package dev.moor.server.tls.acme;

import dev.moor.engine.store.CertificateNames;

import java.time.Instant;
import java.util.Optional;

/**
 * An order that did not end in a certificate: which host, what went wrong and what the CA said. The renewer
 * tries again after a backoff, and never before {@link #retryAfter()} when the CA gave one.
 */
public final class AcmeFailure extends Exception {

    /** What went wrong. */
    public enum Reason {
        DIRECTORY_UNREACHABLE("cannot reach the ACME directory"),
        RATE_LIMITED("rate limited by the CA"),
        REFUSED("refused by the CA"),
        CHALLENGE_UNAVAILABLE("the CA offers no such challenge"),
        PUBLISH_FAILED("the challenge could not be published"),
        CHALLENGE_INVALID("challenge invalid"),
        ORDER_INVALID("order invalid"),
        TIMEOUT("timed out");

        private final String description;

        Reason(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    private final CertificateNames names;
    private final String host;
    private final Reason reason;
    private final String detail;
    private final transient Optional<Instant> retryAfter;

    AcmeFailure(CertificateNames names, String host, Reason reason, String detail, Optional<Instant> retryAfter,
                Throwable cause) {
        super(host + ": " + reason.description() + ": " + detail
                + (names.names().size() > 1 ? " (certificate for " + names + ")" : ""), cause);
        this.names = names;
        this.host = host;
        this.reason = reason;
        this.detail = detail;
        this.retryAfter = retryAfter;
    }

    /** The names of the certificate the order was for. */
    public CertificateNames names() {
        return names;
    }

    /** The host name the failure is about (the first name when it concerns them all). */
    public String host() {
        return host;
    }

    public Reason reason() {
        return reason;
    }

    /** The CA's problem document (its detail, then its type), or what failed on this side. */
    public String detail() {
        return detail;
    }

    /** When the CA said to try again (Retry-After), if it did. */
    public Optional<Instant> retryAfter() {
        return retryAfter;
    }
}

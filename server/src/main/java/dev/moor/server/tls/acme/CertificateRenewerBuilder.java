package dev.moor.server.tls.acme;

import dev.moor.engine.store.CertificateNames;
import dev.moor.engine.store.IssuedCertificate;
import dev.moor.engine.store.Store;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Builds a {@link CertificateRenewer}; every setting is checked in {@link #build()}. */
public final class CertificateRenewerBuilder {
    AcmeIssuer issuer;
    Store store;
    Clock clock = Clock.systemUTC();
    RenewalPolicy policy = RenewalPolicy.DEFAULT;
    Supplier<? extends Collection<CertificateNames>> wanted;
    Consumer<IssuedCertificate> onIssued = certificate -> {};
    Consumer<RenewalOutcome.Failed> onFailed = failed -> {};
    Duration longestSleep = Duration.ofHours(1);

    CertificateRenewerBuilder() {}

    public CertificateRenewerBuilder issuer(AcmeIssuer issuer) {
        this.issuer = issuer;
        return this;
    }

    /** The server's store: the certificates and the failures of their renewal are kept there. */
    public CertificateRenewerBuilder store(Store store) {
        this.store = store;
        return this;
    }

    /** The time renewals are decided on. */
    public CertificateRenewerBuilder clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    public CertificateRenewerBuilder policy(RenewalPolicy policy) {
        this.policy = policy;
        return this;
    }

    /**
     * The sets of names that should have a certificate, read at every check (each host of every route that asks
     * for ACME, say). A kept certificate whose names are no longer wanted stays in the store, unrenewed.
     */
    public CertificateRenewerBuilder wanted(Supplier<? extends Collection<CertificateNames>> wanted) {
        this.wanted = wanted;
        return this;
    }

    /** Called with each certificate issued (after it is stored), on the renewer's thread: to hand it to the edge. */
    public CertificateRenewerBuilder onIssued(Consumer<IssuedCertificate> onIssued) {
        this.onIssued = onIssued;
        return this;
    }

    /**
     * Called with each failed order (after its failure is stored, with the time of the next attempt), on the
     * renewer's thread: to tell the operator.
     */
    public CertificateRenewerBuilder onFailed(Consumer<RenewalOutcome.Failed> onFailed) {
        this.onFailed = onFailed;
        return this;
    }

    /**
     * The longest the running renewer waits between checks; it otherwise wakes when the first set of names is due
     * (1 hour by default, so that a changed clock or a store written by another process is noticed).
     */
    public CertificateRenewerBuilder longestSleep(Duration longestSleep) {
        this.longestSleep = longestSleep;
        return this;
    }

    public CertificateRenewer build() {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(wanted, "wanted");
        Objects.requireNonNull(onIssued, "onIssued");
        Objects.requireNonNull(onFailed, "onFailed");
        Objects.requireNonNull(longestSleep, "longestSleep");
        if (longestSleep.compareTo(CertificateRenewer.SHORTEST_SLEEP) < 0) {
            throw new IllegalArgumentException("longestSleep: " + longestSleep + " (expected: >= "
                    + CertificateRenewer.SHORTEST_SLEEP + ")");
        }
        return new CertificateRenewer(this);
    }
}

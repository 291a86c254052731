package dev.moor.server.tls.acme;

import dev.moor.engine.store.CertificateNames;
import dev.moor.engine.store.IssuedCertificate;
import dev.moor.engine.store.RenewalFailure;
import dev.moor.engine.store.Store;
import dev.moor.server.tls.acme.RenewalPolicy.Decision;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a certificate for every wanted set of names: orders the missing ones and renews those the {@link
 * RenewalPolicy} says are due, one at a time, on a thread of its own. Everything it decides on is in the store
 * (the certificates, and the failures since each one's last success), so a restarted server neither orders a
 * valid certificate again nor forgets a renewal that was due or a backoff it was in. A failed renewal leaves the
 * previous certificate in place until it expires.
 */
public final class CertificateRenewer implements AutoCloseable {
    /** Even when the store says something is due at once, the loop never spins faster than this. */
    static final Duration SHORTEST_SLEEP = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(CertificateRenewer.class);

    private final AcmeIssuer issuer;
    private final Store store;
    private final Clock clock;
    private final RenewalPolicy policy;
    private final Supplier<? extends Collection<CertificateNames>> wanted;
    private final Consumer<IssuedCertificate> onIssued;
    private final Consumer<RenewalOutcome.Failed> onFailed;
    private final Duration longestSleep;
    private final ScheduledExecutorService loop;
    private ScheduledFuture<?> nextCheck;

    CertificateRenewer(CertificateRenewerBuilder builder) {
        this.issuer = builder.issuer;
        this.store = builder.store;
        this.clock = builder.clock;
        this.policy = builder.policy;
        this.wanted = builder.wanted;
        this.onIssued = builder.onIssued;
        this.onFailed = builder.onFailed;
        this.longestSleep = builder.longestSleep;
        this.loop = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("moor-acme-renewer").factory());
    }

    public static CertificateRenewerBuilder builder() {
        return new CertificateRenewerBuilder();
    }

    /** Starts checking: now, then whenever the first set of names is due, at least every {@code longestSleep}. */
    public void start() {
        checkSoon();
    }

    /** Checks as soon as the renewer's thread is free: when the wanted names changed, say. */
    public void checkSoon() {
        loop.execute(this::checkAndReschedule);
    }

    /**
     * One pass over the wanted names, on the caller's thread: orders what is missing or due (one order at a time),
     * stores what it gets, and records each failure with the time of the next attempt.
     */
    public synchronized List<RenewalOutcome> check() throws InterruptedException {
        List<RenewalOutcome> outcomes = new ArrayList<>();
        String directory = issuer.directory().toString();
        for (CertificateNames names : new LinkedHashSet<>(wanted.get())) {
            Decision decision = policy.decide(store.certificate(names), store.renewalFailure(names), directory,
                    clock.instant());
            outcomes.add(switch (decision) {
                case Decision.NotDue notDue -> new RenewalOutcome.NotDue(names, notDue.until(), notDue.why());
                case Decision.Due due -> renew(names, due.why());
            });
        }
        return outcomes;
    }

    private RenewalOutcome renew(CertificateNames names, String why) throws InterruptedException {
        LOG.info("{}: ordering a certificate from {}: {}", names, issuer.directory(), why);
        try {
            IssuedCertificate certificate = issuer.issue(names);
            store.saveCertificate(certificate);
            try {
                onIssued.accept(certificate);
            } catch (RuntimeException e) {
                LOG.warn("{}: the new certificate is stored, but handing it on failed", names, e);
            }
            return new RenewalOutcome.Issued(certificate, why,
                    policy.renewAt(names, certificate.notBefore(), certificate.notAfter()));
        } catch (AcmeFailure failure) {
            int failures = store.renewalFailure(names).map(f -> f.failures() + 1).orElse(1);
            Instant failedAt = clock.instant();
            RenewalFailure state = new RenewalFailure(names, failures, failedAt,
                    policy.nextAttempt(failures, failedAt, failure.retryAfter()), failure.getMessage());
            store.saveRenewalFailure(state);
            LOG.warn("{} (failure {} in a row; next attempt at {})", failure.getMessage(), failures, state.nextAttempt());
            RenewalOutcome.Failed failed = new RenewalOutcome.Failed(failure, state);
            try {
                onFailed.accept(failed);
            } catch (RuntimeException e) {
                LOG.warn("{}: the failure is stored, but telling of it failed", names, e);
            }
            return failed;
        }
    }

    private void checkAndReschedule() {
        Duration sleep = longestSleep;
        try {
            Instant now = clock.instant();
            for (RenewalOutcome outcome : check()) {
                Duration untilNext = Duration.between(now, outcome.next());
                sleep = untilNext.compareTo(sleep) < 0 ? untilNext : sleep;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            // The loop must outlive one bad pass (a store that is busy, say): the next one tries again.
            LOG.error("checking the ACME certificates failed", e);
        }
        sleep = sleep.compareTo(SHORTEST_SLEEP) < 0 ? SHORTEST_SLEEP : sleep;
        synchronized (loop) {
            if (nextCheck != null) {
                nextCheck.cancel(false);
            }
            if (!loop.isShutdown()) {
                nextCheck = loop.schedule(this::checkAndReschedule, sleep.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Stops the loop, interrupting an order in progress (its challenge is withdrawn). */
    @Override
    public void close() {
        synchronized (loop) {
            loop.shutdownNow();
        }
        try {
            if (!loop.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("the ACME renewer did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

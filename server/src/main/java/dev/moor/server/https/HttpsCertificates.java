package dev.moor.server.https;

import dev.moor.engine.store.CertificateNames;
import dev.moor.engine.store.IssuedCertificate;
import dev.moor.engine.store.Store;
import dev.moor.snapshot.TlsCertificate;
import dev.moor.spec.AppSpec;
import dev.moor.spec.CertificateSpec;
import dev.moor.spec.HttpsSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The certificate of each app's HTTPS hosts, from where its file says ({@link CertificateSpec}): resolved and checked
 * when the app is deployed or adopted, then looked after while it is served. Certificate files are read again every
 * {@code pollInterval} (a read rather than file events: certbot and Kubernetes swap them through symbolic links,
 * which inotify does not follow); a changed pair that holds goes to the edge, one that does not is reported once and
 * the edge keeps the last good one. Development certificates are issued again before they expire. ACME certificates
 * are the store's: an app is served the one kept for its hosts while it is valid, and each one the renewer issues
 * ({@link #issued}); until the first arrives its HTTPS hosts have none, and {@link #acmeNames} tells the renewer what
 * to order.
 */
public final class HttpsCertificates implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpsCertificates.class);

    /** Hears what happens to served certificates, on the watching thread. */
    public interface Listener {
        /** The app's certificate is now this one (its files changed, or it was renewed). */
        void changed(String app, TlsCertificate certificate);

        /** The app's certificate files changed into a pair that cannot be served; the last good one serves on. */
        void invalid(String app, List<String> reasons);

        /**
         * The app's ACME certificate could not be ordered or renewed.
         *
         * @param previousServes whether the app has a certificate, which serves on; before the first, its HTTPS hosts
         *                       have none
         */
        void orderFailed(String app, String reason, boolean previousServes);
    }

    /**
     * An app's certificate as the edge serves it (none: an ACME certificate not issued yet), and what it was made
     * from.
     */
    private record Served(AppSpec spec, Optional<TlsCertificate> certificate, Optional<CertificateFiles.Contents> files) {}

    private final DevelopmentCertificates development;
    private final Store store;
    private final Clock clock;
    private final Listener listener;
    private final Map<String, Served> served = new ConcurrentHashMap<>();
    /** The file contents last reported invalid, per app: reported once until they change again. */
    private final Map<String, CertificateFiles.Contents> reported = new ConcurrentHashMap<>();
    private final ScheduledExecutorService watcher;

    /**
     * @param developmentDirectory where the development CA and its certificates are kept
     * @param store                the server's store, which keeps the certificates ACME issued
     * @param pollInterval         how often certificate files are read again
     */
    public HttpsCertificates(Path developmentDirectory, Store store, Clock clock, Duration pollInterval,
                             Listener listener) {
        this.development = new DevelopmentCertificates(developmentDirectory, clock);
        this.store = store;
        this.clock = clock;
        this.listener = listener;
        this.watcher = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("moor-certificates").factory());
        watcher.scheduleWithFixedDelay(this::look, pollInterval.toMillis(), pollInterval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * The certificate of the app's HTTPS hosts, checked; empty for an app without HTTPS, and for one whose ACME
     * certificate is not issued yet (or expired).
     *
     * @throws InvalidCertificateException when it cannot be served, with every reason
     * @throws IllegalStateException       when the development CA cannot be loaded or created
     */
    public Optional<TlsCertificate> resolve(AppSpec spec) {
        return spec.edge().https().flatMap(https -> resolve(spec, https).certificate());
    }

    private Served resolve(AppSpec spec, HttpsSpec https) {
        return switch (https.certificate()) {
            case CertificateSpec.Development dev ->
                    new Served(spec, Optional.of(development.certificate(spec.name(), https.hosts())), Optional.empty());
            case CertificateSpec.Files files -> {
                CertificateFiles.Contents contents = CertificateFiles.contents(files);
                yield new Served(spec, Optional.of(CertificateFiles.read(spec.name(), files, contents, https.hosts(),
                        clock.instant())), Optional.of(contents));
            }
            case CertificateSpec.Acme acme -> new Served(spec, store.certificate(CertificateNames.of(https.hosts()))
                    .filter(issued -> clock.instant().isBefore(issued.notAfter()))
                    .map(issued -> served(spec.name(), https, issued)), Optional.empty());
        };
    }

    private static TlsCertificate served(String app, HttpsSpec https, IssuedCertificate issued) {
        return new TlsCertificate(app, https.hosts(), issued.chainPem(), issued.keyPem());
    }

    /**
     * The app now serves with this spec's certificate, as {@link #resolve} gave it: it is looked after from now on;
     * an app without HTTPS is forgotten.
     */
    public void serve(AppSpec spec, Optional<TlsCertificate> certificate) {
        Optional<HttpsSpec> https = spec.edge().https();
        if (https.isEmpty()) {
            forget(spec.name());
            return;
        }
        Optional<CertificateFiles.Contents> files = Optional.of(https.get().certificate())
                .filter(CertificateSpec.Files.class::isInstance).map(CertificateSpec.Files.class::cast)
                .map(CertificateFiles::contents);
        Served current = new Served(spec, certificate, files);
        served.put(spec.name(), current);
        reported.remove(spec.name());
        if (https.get().certificate() instanceof CertificateSpec.Acme) {
            // The renewer may have stored a newer one since it was resolved, and found no app to hand it to then.
            store.certificate(CertificateNames.of(https.get().hosts()))
                    .filter(issued -> clock.instant().isBefore(issued.notAfter()))
                    .map(issued -> served(spec.name(), https.get(), issued))
                    .filter(stored -> !certificate.equals(Optional.of(stored)))
                    .ifPresent(stored -> changed(current, stored, Optional.empty()));
        }
    }

    /** The sets of host names of the served apps whose certificate is ACME's: what the renewer keeps. */
    public Set<CertificateNames> acmeNames() {
        Set<CertificateNames> names = new LinkedHashSet<>();
        for (Served current : served.values()) {
            HttpsSpec https = current.spec().edge().https().orElseThrow();
            if (https.certificate() instanceof CertificateSpec.Acme) {
                names.add(CertificateNames.of(https.hosts()));
            }
        }
        return names;
    }

    /** The renewer issued (and stored) this certificate: the app whose hosts it covers serves it from now on. */
    public void issued(IssuedCertificate certificate) {
        for (Served current : served.values()) {
            HttpsSpec https = current.spec().edge().https().orElseThrow();
            if (https.certificate() instanceof CertificateSpec.Acme
                    && CertificateNames.of(https.hosts()).equals(certificate.names())) {
                changed(current, served(current.spec().name(), https, certificate), Optional.empty());
            }
        }
    }

    /** An order for these names failed: each app that wanted them hears why. */
    public void orderFailed(CertificateNames names, String reason) {
        for (Served current : served.values()) {
            HttpsSpec https = current.spec().edge().https().orElseThrow();
            if (https.certificate() instanceof CertificateSpec.Acme && CertificateNames.of(https.hosts()).equals(names)) {
                listener.orderFailed(current.spec().name(), reason, current.certificate().isPresent());
            }
        }
    }

    /** The app is gone, or serves no HTTPS any more. */
    public void forget(String app) {
        served.remove(app);
        reported.remove(app);
    }

    /** The certificate of each served app, by app name. */
    public List<CertificateStatus> status() {
        List<CertificateStatus> status = new ArrayList<>();
        for (Served current : served.values()) {
            HttpsSpec https = current.spec().edge().https().orElseThrow();
            Optional<Instant> notAfter = current.certificate().flatMap(certificate -> leaf(certificate.chain()))
                    .map(leaf -> leaf.getNotAfter().toInstant());
            CertificateNames names = CertificateNames.of(https.hosts());
            status.add(switch (https.certificate()) {
                case CertificateSpec.Development dev -> new CertificateStatus(current.spec().name(), https.hosts(),
                        CertificateSpec.Development.NAME, notAfter, Optional.empty());
                case CertificateSpec.Files files -> new CertificateStatus(current.spec().name(), https.hosts(),
                        files.chain().toString(), notAfter, Optional.empty());
                case CertificateSpec.Acme acme -> new CertificateStatus(current.spec().name(), https.hosts(),
                        CertificateSpec.Acme.NAME + store.certificate(names).map(issued -> " " + issued.directory())
                                .orElse(""), notAfter, store.renewalFailure(names)
                        .filter(failure -> clock.instant().isBefore(failure.nextAttempt()))
                        .map(failure -> failure.reason() + " (next attempt at " + failure.nextAttempt() + ")"));
            });
        }
        status.sort(Comparator.comparing(CertificateStatus::app));
        return status;
    }

    private static Optional<X509Certificate> leaf(String chain) {
        try {
            return Optional.of((X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(chain.getBytes(StandardCharsets.US_ASCII))));
        } catch (CertificateException e) {
            return Optional.empty();
        }
    }

    /** The development CA's root certificate, once it exists: what a browser or curl must trust. */
    public Optional<Path> developmentRoot() {
        Path root = development.rootCertificate();
        return Files.exists(root) ? Optional.of(root) : Optional.empty();
    }

    private void look() {
        for (Served current : served.values()) {
            String app = current.spec().name();
            try {
                lookAt(current);
            } catch (RuntimeException e) {
                log.warn("cannot look after the certificate of app {}: {}", app, e.getMessage());
            }
        }
    }

    private void lookAt(Served current) {
        String app = current.spec().name();
        HttpsSpec https = current.spec().edge().https().orElseThrow();
        switch (https.certificate()) {
            case CertificateSpec.Development dev -> {
                if (current.certificate().map(development::dueForRenewal).orElse(true)) {
                    changed(current, development.certificate(app, https.hosts()), Optional.empty());
                }
            }
            case CertificateSpec.Acme acme -> {
                // The renewer hands each certificate it issues to issued(): nothing to read here.
            }
            case CertificateSpec.Files files -> {
                CertificateFiles.Contents contents;
                try {
                    contents = CertificateFiles.contents(files);
                } catch (InvalidCertificateException e) {
                    report(app, new CertificateFiles.Contents(e.getMessage(), ""), e);
                    return;
                }
                if (current.files().equals(Optional.of(contents)) || contents.equals(reported.get(app))) {
                    return;
                }
                try {
                    changed(current, CertificateFiles.read(app, files, contents, https.hosts(), clock.instant()),
                            Optional.of(contents));
                } catch (InvalidCertificateException e) {
                    report(app, contents, e);
                }
            }
        }
    }

    private void changed(Served current, TlsCertificate certificate, Optional<CertificateFiles.Contents> files) {
        String app = current.spec().name();
        // Only if the app still serves what was looked at: a deploy may have replaced it meanwhile.
        if (served.replace(app, current, new Served(current.spec(), Optional.of(certificate), files))) {
            reported.remove(app);
            listener.changed(app, certificate);
        }
    }

    private void report(String app, CertificateFiles.Contents contents, InvalidCertificateException e) {
        if (!contents.equals(reported.put(app, contents))) {
            listener.invalid(app, e.reasons());
        }
    }

    @Override
    public void close() {
        watcher.shutdownNow();
    }
}

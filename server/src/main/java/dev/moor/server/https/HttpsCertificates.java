package dev.moor.server.https;

import dev.moor.snapshot.TlsCertificate;
import dev.moor.spec.AppSpec;
import dev.moor.spec.CertificateSpec;
import dev.moor.spec.HttpsSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The certificate of each app's HTTPS hosts, from where its file says ({@link CertificateSpec}): resolved and checked
 * when the app is deployed or adopted, then looked after while it is served. Certificate files are read again every
 * {@code pollInterval} (a read rather than file events: certbot and Kubernetes swap them through symbolic links,
 * which inotify does not follow); a changed pair that holds goes to the edge, one that does not is reported once and
 * the edge keeps the last good one. Development certificates are issued again before they expire.
 */
public final class HttpsCertificates implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpsCertificates.class);

    /** Hears what happens to served certificates, on the watching thread. */
    public interface Listener {
        /** The app's certificate is now this one (its files changed, or it was renewed). */
        void changed(String app, TlsCertificate certificate);

        /** The app's certificate files changed into a pair that cannot be served; the last good one serves on. */
        void invalid(String app, List<String> reasons);
    }

    /** An app's served certificate, and what it was made from. */
    private record Served(AppSpec spec, TlsCertificate certificate, Optional<CertificateFiles.Contents> files) {}

    private final DevelopmentCertificates development;
    private final Clock clock;
    private final Listener listener;
    private final Map<String, Served> served = new ConcurrentHashMap<>();
    /** The file contents last reported invalid, per app: reported once until they change again. */
    private final Map<String, CertificateFiles.Contents> reported = new ConcurrentHashMap<>();
    private final ScheduledExecutorService watcher;

    /**
     * @param developmentDirectory where the development CA and its certificates are kept
     * @param pollInterval         how often certificate files are read again
     */
    public HttpsCertificates(Path developmentDirectory, Clock clock, Duration pollInterval, Listener listener) {
        this.development = new DevelopmentCertificates(developmentDirectory, clock);
        this.clock = clock;
        this.listener = listener;
        this.watcher = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("moor-certificates").factory());
        watcher.scheduleWithFixedDelay(this::look, pollInterval.toMillis(), pollInterval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * The certificate of the app's HTTPS hosts, checked; empty for an app without HTTPS.
     *
     * @throws InvalidCertificateException when it cannot be served, with every reason
     * @throws IllegalStateException       when the development CA cannot be loaded or created
     */
    public Optional<TlsCertificate> resolve(AppSpec spec) {
        return spec.edge().https().map(https -> resolve(spec, https).certificate());
    }

    private Served resolve(AppSpec spec, HttpsSpec https) {
        return switch (https.certificate()) {
            case CertificateSpec.Development dev ->
                    new Served(spec, development.certificate(spec.name(), https.hosts()), Optional.empty());
            case CertificateSpec.Files files -> {
                CertificateFiles.Contents contents = CertificateFiles.contents(files);
                yield new Served(spec, CertificateFiles.read(spec.name(), files, contents, https.hosts(),
                        clock.instant()), Optional.of(contents));
            }
        };
    }

    /**
     * The app now serves with this spec's certificate, as {@link #resolve} gave it: it is looked after from now on;
     * an app without HTTPS is forgotten.
     */
    public void serve(AppSpec spec, TlsCertificate certificate) {
        Optional<CertificateFiles.Contents> files = spec.edge().https().map(HttpsSpec::certificate)
                .filter(CertificateSpec.Files.class::isInstance).map(CertificateSpec.Files.class::cast)
                .map(CertificateFiles::contents);
        served.put(spec.name(), new Served(spec, certificate, files));
        reported.remove(spec.name());
    }

    /** The app is gone, or serves no HTTPS any more. */
    public void forget(String app) {
        served.remove(app);
        reported.remove(app);
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
                if (development.dueForRenewal(current.certificate())) {
                    changed(current, development.certificate(app, https.hosts()), Optional.empty());
                }
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
        if (served.replace(app, current, new Served(current.spec(), certificate, files))) {
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

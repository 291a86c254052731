package dev.moor.edge.tls;

import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Fetches the OCSP responses that handshakes staple, for certificates that name an OCSP responder and whose chain
 * holds their issuer: on a thread of its own, never on an event loop, again half-way to each response's next update
 * (an hour when it names none), and after a failure in a minute, then twice as long each time up to an hour, while
 * the last valid response serves. A response is stapled only once checked: signed by the issuer or by a responder
 * the issuer delegated to, about this very certificate, good, and current.
 */
final class OcspStapler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OcspStapler.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration WITHOUT_NEXT_UPDATE = Duration.ofHours(1);
    private static final Duration FIRST_RETRY = Duration.ofMinutes(1);
    private static final Duration LAST_RETRY = Duration.ofHours(1);
    private static final Duration SOONEST = Duration.ofSeconds(30);
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final Clock clock;
    private final ScheduledExecutorService fetcher;
    /** Made at the first fetch, on the fetching thread: an edge without a responder to ask starts no client. */
    private volatile HttpClient http;

    OcspStapler(Clock clock) {
        this.clock = clock;
        this.fetcher = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("moor-edge-ocsp").factory());
    }

    /** The OCSP responder a certificate names (its AIA extension), if any. */
    static Optional<URI> responder(X509Certificate certificate) {
        try {
            AuthorityInformationAccess access = AuthorityInformationAccess.fromExtensions(
                    new JcaX509CertificateHolder(certificate).getExtensions());
            if (access == null) {
                return Optional.empty();
            }
            for (AccessDescription description : access.getAccessDescriptions()) {
                GeneralName location = description.getAccessLocation();
                if (description.getAccessMethod().equals(AccessDescription.id_ad_ocsp)
                        && location.getTagNo() == GeneralName.uniformResourceIdentifier) {
                    return Optional.of(URI.create(location.getName().toString()));
                }
            }
        } catch (CertificateEncodingException | IllegalArgumentException e) {
            LOG.debug("cannot read the OCSP responder of {}: {}", certificate.getSubjectX500Principal(), e.toString());
        }
        return Optional.empty();
    }

    /**
     * The staple of a chain whose certificate names a responder and whose next certificate issued it, fetched from
     * now on; empty otherwise.
     */
    Optional<OcspStaple> staple(List<X509Certificate> chain) {
        X509Certificate leaf = chain.getFirst();
        Optional<URI> responder = responder(leaf);
        if (responder.isEmpty() || chain.size() < 2
                || !leaf.getIssuerX500Principal().equals(chain.get(1).getSubjectX500Principal())) {
            return Optional.empty();
        }
        OcspStaple staple = new OcspStaple();
        schedule(staple, leaf, chain.get(1), responder.get(), Duration.ZERO, FIRST_RETRY);
        return Optional.of(staple);
    }

    private void schedule(OcspStaple staple, X509Certificate leaf, X509Certificate issuer, URI responder,
                          Duration delay, Duration retry) {
        if (staple.cancelled()) {
            return;
        }
        try {
            staple.next(fetcher.schedule(() -> fetch(staple, leaf, issuer, responder, retry), delay.toMillis(),
                    TimeUnit.MILLISECONDS));
        } catch (RejectedExecutionException closing) {
            // The edge is closing: no more fetches.
        }
    }

    private void fetch(OcspStaple staple, X509Certificate leaf, X509Certificate issuer, URI responder, Duration retry) {
        try {
            CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().build()
                    .get(CertificateID.HASH_SHA1), new JcaX509CertificateHolder(issuer), leaf.getSerialNumber());
            if (http == null) {
                http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
            }
            HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(responder).timeout(TIMEOUT)
                    .header("Content-Type", "application/ocsp-request")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new OCSPReqBuilder().addRequest(id).build()
                            .getEncoded())).build(), HttpResponse.BodyHandlers.ofByteArray());
            if (answer.statusCode() != 200) {
                throw new IOException("HTTP " + answer.statusCode());
            }
            OCSPResp response = new OCSPResp(answer.body());
            Instant nextUpdate = checked(response, id, issuer);
            staple.update(response.getEncoded(), nextUpdate);
            Duration refresh = nextUpdate.equals(Instant.MAX) ? WITHOUT_NEXT_UPDATE
                    : Duration.between(clock.instant(), nextUpdate).dividedBy(2);
            schedule(staple, leaf, issuer, responder, refresh.compareTo(SOONEST) < 0 ? SOONEST : refresh, FIRST_RETRY);
        } catch (IOException | OCSPException | OperatorCreationException | GeneralSecurityException
                 | IllegalStateException e) {
            LOG.info("OCSP response for {} from {}: {}; trying again in {} s", leaf.getSubjectX500Principal().getName(),
                    responder, e.getMessage(), retry.toSeconds());
            Duration longer = retry.multipliedBy(2);
            schedule(staple, leaf, issuer, responder, retry, longer.compareTo(LAST_RETRY) > 0 ? LAST_RETRY : longer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * When the response stops being current.
     *
     * @throws IllegalStateException saying why it cannot be stapled
     */
    private Instant checked(OCSPResp response, CertificateID id, X509Certificate issuer)
            throws OCSPException, OperatorCreationException, GeneralSecurityException, IOException {
        if (response.getStatus() != OCSPResp.SUCCESSFUL) {
            throw new IllegalStateException("the responder answered status " + response.getStatus());
        }
        if (!(response.getResponseObject() instanceof BasicOCSPResp basic)) {
            throw new IllegalStateException("not a basic OCSP response");
        }
        if (!basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(signer(basic, issuer)))) {
            throw new IllegalStateException("its signature does not verify");
        }
        Instant now = clock.instant();
        for (SingleResp single : basic.getResponses()) {
            if (!single.getCertID().equals(id)) {
                continue;
            }
            if (single.getCertStatus() != CertificateStatus.GOOD) {
                throw new IllegalStateException("the certificate is not good: " + single.getCertStatus());
            }
            if (single.getThisUpdate().toInstant().isAfter(now.plus(CLOCK_SKEW))) {
                throw new IllegalStateException("it is from the future: " + single.getThisUpdate().toInstant());
            }
            Instant nextUpdate = single.getNextUpdate() == null ? Instant.MAX : single.getNextUpdate().toInstant();
            if (!now.isBefore(nextUpdate)) {
                throw new IllegalStateException("it is stale since " + nextUpdate);
            }
            return nextUpdate;
        }
        throw new IllegalStateException("it says nothing of this certificate");
    }

    /** The issuer's key, or that of the responder certificate in the response that the issuer signed for OCSP. */
    private static PublicKey signer(BasicOCSPResp basic, X509Certificate issuer)
            throws GeneralSecurityException, CertificateParsingException {
        for (X509CertificateHolder holder : basic.getCerts()) {
            X509Certificate delegate = new JcaX509CertificateConverter().getCertificate(holder);
            List<String> purposes = delegate.getExtendedKeyUsage();
            if (delegate.getIssuerX500Principal().equals(issuer.getSubjectX500Principal()) && purposes != null
                    && purposes.contains(KeyPurposeId.id_kp_OCSPSigning.getId())) {
                delegate.verify(issuer.getPublicKey());
                delegate.checkValidity();
                return delegate.getPublicKey();
            }
        }
        return issuer.getPublicKey();
    }

    @Override
    public void close() {
        fetcher.shutdownNow();
        HttpClient client = http;
        if (client != null) {
            client.shutdownNow();
        }
    }
}

package dev.moor.server.tls.acme;

import dev.moor.engine.store.AcmeAccount;
import dev.moor.engine.store.CertificateNames;
import dev.moor.engine.store.IssuedCertificate;
import dev.moor.engine.store.Store;
import dev.moor.server.tls.acme.AcmeFailure.Reason;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Identifier;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.PollableResource;
import org.shredzone.acme4j.Problem;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.challenge.TlsAlpn01Challenge;
import org.shredzone.acme4j.connector.HttpConnector;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.exception.AcmeLazyLoadingException;
import org.shredzone.acme4j.exception.AcmeNetworkException;
import org.shredzone.acme4j.exception.AcmeProtocolException;
import org.shredzone.acme4j.exception.AcmeRateLimitedException;
import org.shredzone.acme4j.exception.AcmeServerException;
import org.shredzone.acme4j.provider.GenericAcmeProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Obtains certificates from one ACME directory (RFC 8555): registers the account (or finds it again by its key,
 * which is made once and kept in the store), orders a certificate for a set of host names, answers each name's
 * challenge through the {@link ChallengePublisher}, finalizes the order with a new key pair and downloads the
 * chain. Every wait on the CA is bounded and backs off; a failure comes back as an {@link AcmeFailure} naming
 * the host and the CA's problem. Safe for concurrent orders.
 */
public final class AcmeIssuer {
    private static final Logger LOG = LoggerFactory.getLogger(AcmeIssuer.class);
    private static final Duration FIRST_POLL = Duration.ofMillis(200);
    private static final Duration LONGEST_POLL = Duration.ofSeconds(5);

    private final URI directory;
    private final Optional<String> contact;
    private final Optional<KeyPair> accountKey;
    private final Store store;
    private final Clock clock;
    private final ChallengePublisher publisher;
    private final ChallengeType challengeType;
    private final CertificateKeyType keyType;
    private final Optional<SSLContext> directoryTrust;
    private final Duration timeout;

    AcmeIssuer(AcmeIssuerBuilder builder) {
        this.directory = builder.directory;
        this.contact = builder.contact;
        this.accountKey = builder.accountKey;
        this.store = builder.store;
        this.clock = builder.clock;
        this.publisher = builder.publisher;
        this.challengeType = builder.challengeType;
        this.keyType = builder.keyType;
        this.directoryTrust = builder.trustedRoots.isEmpty() ? Optional.empty()
                : Optional.of(trusting(builder.trustedRoots));
        this.timeout = builder.timeout;
    }

    public static AcmeIssuerBuilder builder() {
        return new AcmeIssuerBuilder();
    }

    public URI directory() {
        return directory;
    }

    /** The challenge of orders that name none. */
    public ChallengeType challengeType() {
        return challengeType;
    }

    /** Orders a certificate for {@code names}, validated with the issuer's challenge type. */
    public IssuedCertificate issue(CertificateNames names) throws AcmeFailure, InterruptedException {
        return issue(names, challengeType);
    }

    /** Orders a certificate for {@code names}, validated with {@code challenge}. */
    public IssuedCertificate issue(CertificateNames names, ChallengeType challenge)
            throws AcmeFailure, InterruptedException {
        Attempt attempt = new Attempt(names);
        Session session = session();
        Login login = login(session, attempt);
        Order order = attempt.call(names.first(), () -> login.newOrder().domains(names.names()).create());
        for (Authorization authorization : attempt.call(names.first(), order::getAuthorizations)) {
            authorize(attempt, authorization, challenge);
        }
        Status ready = await(attempt, names.first(), order, EnumSet.of(Status.READY, Status.VALID, Status.INVALID),
                "the order");
        if (ready == Status.INVALID) {
            throw attempt.failure(names.first(), Reason.ORDER_INVALID, problem(order.getError()), null);
        }
        KeyPair key = keyType.generate();
        attempt.call(names.first(), () -> {
            order.execute(key);
            return null;
        });
        Status issued = await(attempt, names.first(), order, EnumSet.of(Status.VALID, Status.INVALID),
                "the certificate");
        if (issued == Status.INVALID) {
            throw attempt.failure(names.first(), Reason.ORDER_INVALID, problem(order.getError()), null);
        }
        List<X509Certificate> chain = attempt.call(names.first(), () -> order.getCertificate().getCertificateChain());
        X509Certificate leaf = chain.getFirst();
        LOG.info("certificate issued for {} by {}: serial {}, valid until {}", names, directory,
                leaf.getSerialNumber().toString(16), leaf.getNotAfter().toInstant());
        return new IssuedCertificate(names, directory.toString(), PemText.certificates(chain),
                PemText.privateKey(key.getPrivate()), leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant(),
                clock.instant());
    }

    private void authorize(Attempt attempt, Authorization authorization, ChallengeType type)
            throws AcmeFailure, InterruptedException {
        String host = authorization.getIdentifier().getDomain();
        if (authorization.getStatus() == Status.VALID) {
            return;
        }
        Challenge challenge = authorization.findChallenge(type.acmeName()).orElseThrow(() ->
                attempt.failure(host, Reason.CHALLENGE_UNAVAILABLE, type + " (the CA offers "
                        + authorization.getChallenges().stream().map(Challenge::getType).collect(Collectors.joining(", "))
                        + ")", null));
        AcmeChallenge published = switch (challenge) {
            case Http01Challenge http -> new AcmeChallenge.Http01(host, http.getToken(), http.getAuthorization());
            case TlsAlpn01Challenge tls -> {
                // acme4j signs the challenge certificate with SHA256withRSA, so its key must be RSA.
                KeyPair key = CertificateKeyType.RSA_2048.generate();
                X509Certificate certificate = tls.createCertificate(key, Identifier.dns(host));
                yield new AcmeChallenge.TlsAlpn01(host, PemText.certificates(List.of(certificate)),
                        PemText.privateKey(key.getPrivate()));
            }
            default -> throw new IllegalStateException("acme4j gave a " + challenge.getClass().getName()
                    + " for " + type);
        };
        try {
            try {
                publisher.publish(published);
            } catch (RuntimeException e) {
                throw attempt.failure(host, Reason.PUBLISH_FAILED, type + ": " + describe(e), e);
            }
            attempt.call(host, () -> {
                challenge.trigger();
                return null;
            });
            Status status = await(attempt, host, challenge, EnumSet.of(Status.VALID, Status.INVALID),
                    "the " + type + " challenge");
            if (status == Status.INVALID) {
                throw attempt.failure(host, Reason.CHALLENGE_INVALID, type + ": " + problem(challenge.getError()), null);
            }
        } finally {
            try {
                publisher.withdraw(published);
            } catch (RuntimeException e) {
                LOG.warn("{}: withdrawing the {} challenge failed: {}", host, type, describe(e));
            }
        }
    }

    /**
     * Polls until the resource has one of the {@code done} states: first after 200 ms,
     * then twice as long each time up to 5 s, or as long as the CA's Retry-After says. The deadline is kept on the
     * monotonic clock, since the CA's timing is real time whatever clock the issuer dates things with.
     */
    private Status await(Attempt attempt, String host, PollableResource resource, Set<Status> done, String what)
            throws AcmeFailure, InterruptedException {
        long start = System.nanoTime();
        Duration delay = FIRST_POLL;
        Status status = resource.getStatus();
        while (!done.contains(status)) {
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            if (waited.plus(delay).compareTo(timeout) > 0) {
                throw attempt.failure(host, Reason.TIMEOUT, what + " is still " + status.name().toLowerCase(Locale.ROOT)
                        + " after " + waited.toMillis() + " ms (timeout: " + timeout + ")", null);
            }
            Thread.sleep(delay);
            Optional<Instant> retryAfter = attempt.call(host, resource::fetch);
            status = resource.getStatus();
            Duration next = delay.multipliedBy(2).compareTo(LONGEST_POLL) > 0 ? LONGEST_POLL : delay.multipliedBy(2);
            Duration asked = retryAfter.map(at -> Duration.between(Instant.now(), at)).orElse(Duration.ZERO);
            delay = asked.compareTo(next) > 0 ? asked : next;
        }
        return status;
    }

    /** The account's login: the stored account when its key is the one to use, else a registration (or lookup). */
    private synchronized Login login(Session session, Attempt attempt) throws AcmeFailure {
        String directoryName = directory.toString();
        Optional<AcmeAccount> stored = store.acmeAccount(directoryName);
        AcmeAccount account;
        if (accountKey.isPresent()) {
            String pem = PemText.keyPair(accountKey.get());
            account = stored.filter(a -> a.keyPem().equals(pem))
                    .orElseGet(() -> new AcmeAccount(directoryName, pem, Optional.empty(), clock.instant()));
        } else {
            account = stored.orElseGet(() -> new AcmeAccount(directoryName,
                    PemText.keyPair(CertificateKeyType.EC_P256.generate()), Optional.empty(), clock.instant()));
        }
        if (stored.isEmpty() || !stored.get().equals(account)) {
            // Kept before it is registered: a registration that succeeds but is not recorded finds it again by key.
            store.saveAcmeAccount(account);
        }
        KeyPair keyPair = PemText.readKeyPair(account.keyPem(), "the account key for " + directoryName);
        if (account.location().isPresent()) {
            return session.login(url(account.location().get()), keyPair);
        }
        Login login = attempt.call(attempt.names.first(), () -> {
            AccountBuilder builder = new AccountBuilder().agreeToTermsOfService().useKeyPair(keyPair);
            contact.ifPresent(builder::addEmail);
            return builder.createLogin(session);
        });
        store.saveAcmeAccount(account.withLocation(login.getAccountLocation().toString()));
        LOG.info("ACME account at {}: {}", directory, login.getAccountLocation());
        return login;
    }

    private Session session() {
        return directoryTrust.map(context -> new Session(directory, new TrustingProvider(context)))
                .orElseGet(() -> new Session(directory));
    }

    /** The generic provider, with a client that trusts only the given roots. */
    private static final class TrustingProvider extends GenericAcmeProvider {
        private final SSLContext context;

        TrustingProvider(SSLContext context) {
            this.context = context;
        }

        @Override
        protected HttpConnector createHttpConnector(NetworkSettings settings) {
            return new HttpConnector(settings) {
                @Override
                public HttpClient.Builder createClientBuilder() {
                    return super.createClientBuilder().sslContext(context);
                }
            };
        }
    }

    private static SSLContext trusting(List<X509Certificate> roots) {
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            for (int i = 0; i < roots.size(); i++) {
                trust.setCertificateEntry("root-" + i, roots.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot make a trust store of " + roots.size() + " roots: " + e.getMessage(), e);
        }
    }

    private static URL url(String location) {
        try {
            return URI.create(location).toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalStateException("the stored account location " + location + " is not a URL", e);
        }
    }

    private static String problem(Optional<Problem> problem) {
        return problem.map(AcmeIssuer::problem).orElse("the CA gave no reason");
    }

    /**
     * The CA's words (detail, sub-problems) on one line, then the problem's type, which is what to search for.
     */
    private static String problem(Problem problem) {
        return oneLine(problem.toString()) + " (" + problem.getType() + ")";
    }

    /** Each cause's message (or, without one, its class), outermost first, each once. */
    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage() == null || cause.getMessage().isBlank()
                    ? cause.getClass().getSimpleName() : oneLine(cause.getMessage());
            if (text.indexOf(message) < 0) {
                text.append(text.isEmpty() ? "" : ": ").append(message);
            }
        }
        return text.toString();
    }

    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    private interface AcmeCall<T> {
        T call() throws AcmeException;
    }

    /** One order's failures, each naming its certificate's names. */
    private final class Attempt {
        private final CertificateNames names;

        Attempt(CertificateNames names) {
            this.names = names;
        }

        AcmeFailure failure(String host, Reason reason, String detail, Throwable cause) {
            return failure(host, reason, detail, Optional.empty(), cause);
        }

        AcmeFailure failure(String host, Reason reason, String detail, Optional<Instant> retryAfter, Throwable cause) {
            return new AcmeFailure(names, host, reason, detail, retryAfter, cause);
        }

        <T> T call(String host, AcmeCall<T> call) throws AcmeFailure {
            try {
                return call.call();
            } catch (AcmeLazyLoadingException e) {
                throw translate(host, e.getCause() instanceof AcmeException cause ? cause : new AcmeException(describe(e), e));
            } catch (AcmeException e) {
                throw translate(host, e);
            } catch (AcmeProtocolException e) {
                throw failure(host, Reason.REFUSED, "the CA's answer does not follow ACME: " + describe(e), e);
            }
        }

        private AcmeFailure translate(String host, AcmeException e) {
            return switch (e) {
                case AcmeRateLimitedException limited -> failure(host, Reason.RATE_LIMITED,
                        problem(limited.getProblem()), limited.getRetryAfter(), e);
                case AcmeServerException server -> failure(host, Reason.REFUSED, problem(server.getProblem()), e);
                case AcmeNetworkException network -> failure(host, Reason.DIRECTORY_UNREACHABLE,
                        directory + ": " + describe(network), e);
                default -> failure(host, Reason.REFUSED, describe(e), e);
            };
        }
    }
}

package dev.moor.server.tls.acme;

import dev.moor.engine.store.Store;

import java.net.URI;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/** Builds an {@link AcmeIssuer}; every setting is checked in {@link #build()}. */
public final class AcmeIssuerBuilder {
    private static final Pattern EMAIL = Pattern.compile("[^@\\s:,]+@[^@\\s:,]+\\.[^@\\s:,]+");

    URI directory;
    Optional<String> contact = Optional.empty();
    Optional<KeyPair> accountKey = Optional.empty();
    Store store;
    Clock clock = Clock.systemUTC();
    ChallengePublisher publisher;
    ChallengeType challengeType = ChallengeType.HTTP_01;
    CertificateKeyType keyType = CertificateKeyType.EC_P256;
    List<X509Certificate> trustedRoots = List.of();
    Duration timeout = Duration.ofMinutes(2);

    AcmeIssuerBuilder() {}

    /**
     * The CA's directory: an {@code https://} URL such as {@code https://acme-v02.api.letsencrypt.org/directory},
     * or one of acme4j's {@code acme://} names such as {@code acme://letsencrypt.org/staging}.
     */
    public AcmeIssuerBuilder directory(URI directory) {
        this.directory = directory;
        return this;
    }

    /** The email address the CA may write to about the account's certificates; none by default. */
    public AcmeIssuerBuilder contact(String email) {
        this.contact = Optional.of(email);
        return this;
    }

    /**
     * Where the account's key comes from: by default one is made (EC P-256) the first time and kept in the store,
     * so every later order uses the same account; with this, the given key (an account made elsewhere) is used.
     */
    public AcmeIssuerBuilder accountKey(KeyPair accountKey) {
        this.accountKey = Optional.of(accountKey);
        return this;
    }

    /** The server's store, which keeps the account (its key sealed). */
    public AcmeIssuerBuilder store(Store store) {
        this.store = store;
        return this;
    }

    /** Dates what is stored; the CA's own timing (polls, Retry-After) runs on the system's time. */
    public AcmeIssuerBuilder clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    /** Makes the edge answer the CA's challenges. */
    public AcmeIssuerBuilder publisher(ChallengePublisher publisher) {
        this.publisher = publisher;
        return this;
    }

    /** The challenge of orders that name none; {@link ChallengeType#HTTP_01} by default. */
    public AcmeIssuerBuilder challengeType(ChallengeType challengeType) {
        this.challengeType = challengeType;
        return this;
    }

    /** The key made for each certificate; {@link CertificateKeyType#EC_P256} by default. */
    public AcmeIssuerBuilder keyType(CertificateKeyType keyType) {
        this.keyType = keyType;
        return this;
    }

    /**
     * The only certificate authorities the directory's HTTPS certificate may chain to, instead of the JDK's: for a
     * CA of one's own, or a test CA such as pebble.
     */
    public AcmeIssuerBuilder trustedRoots(Collection<X509Certificate> trustedRoots) {
        this.trustedRoots = List.copyOf(trustedRoots);
        return this;
    }

    /** How long the CA may take to validate one challenge, and then to issue the certificate; 2 minutes each. */
    public AcmeIssuerBuilder timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    public AcmeIssuer build() {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(publisher, "publisher");
        Objects.requireNonNull(challengeType, "challengeType");
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(timeout, "timeout");
        String scheme = directory.getScheme();
        if (!"https".equals(scheme) && !"acme".equals(scheme) || directory.getHost() == null) {
            throw new IllegalArgumentException("directory: " + directory
                    + " (expected: an https:// URL of an ACME directory, or an acme:// name such as acme://letsencrypt.org)");
        }
        if (!trustedRoots.isEmpty() && !"https".equals(scheme)) {
            throw new IllegalArgumentException("trustedRoots: given for " + directory
                    + " (expected: an https:// directory; an acme:// name brings its own trust)");
        }
        contact.ifPresent(email -> {
            if (!EMAIL.matcher(email).matches()) {
                throw new IllegalArgumentException("contact: " + email + " (expected: an email address such as ops@example.com)");
            }
        });
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0)");
        }
        return new AcmeIssuer(this);
    }
}

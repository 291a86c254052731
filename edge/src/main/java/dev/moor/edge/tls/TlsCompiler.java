package dev.moor.edge.tls;

import dev.moor.snapshot.AcmeChallenges;
import dev.moor.snapshot.Https;
import dev.moor.snapshot.SnapshotProblem;
import dev.moor.snapshot.TlsCertificate;
import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.codec.http3.Http3;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslSessionContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;

import javax.net.ssl.SSLException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Compiles a snapshot's HTTPS part into an {@link HttpsListener}: one TLS context per certificate, built here and
 * not per handshake, and kept across snapshots while the certificate's chain and key stay the same (so are its
 * session cache and tickets). A certificate that cannot be used is reported and its names are not served; the others
 * serve. Not thread-safe: the edge compiles one snapshot at a time.
 *
 * <p>Every context speaks TLS 1.3 and 1.2 only, with ECDHE key exchange and AEAD ciphers only (the HTTP/2 list of
 * RFC 9113, which leaves out CBC and RSA key exchange), offers h2 and http/1.1 by ALPN, and resumes sessions: a
 * session cache and, with OpenSSL, session tickets whose keys BoringSSL rotates itself. With OpenSSL, a certificate
 * that names an OCSP responder gets its response stapled ({@link OcspStapler}).
 *
 * <p>When the port serves HTTP/3, each certificate gets a QUIC context too (ALPN h3, TLS 1.3, the same session
 * cache), kept across snapshots as its TLS context is, and the port one QUIC context that picks among them by SNI as
 * over TCP ({@link QuicCertificates}), built again only when that choice changes. QUIC's TLS is the BoringSSL inside
 * its native library, whichever provider serves TCP; it staples no OCSP response.
 *
 * <p>The ACME TLS-ALPN-01 challenges of the snapshot get contexts of their own, which speak only
 * {@value AcmeTlsAlpn#PROTOCOL} ({@link AcmeTlsAlpn}); CAs validate over TCP, so QUIC has none.
 */
public final class TlsCompiler implements AutoCloseable {
    static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    private static final long SESSION_CACHE_SIZE = 20_480;
    private static final long SESSION_TIMEOUT_SECONDS = 3_600;
    private static final ApplicationProtocolConfig ALPN = new ApplicationProtocolConfig(
            ApplicationProtocolConfig.Protocol.ALPN,
            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
            ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1);
    private static final ApplicationProtocolConfig ACME_ALPN = new ApplicationProtocolConfig(
            ApplicationProtocolConfig.Protocol.ALPN,
            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
            AcmeTlsAlpn.PROTOCOL);
    private static final Pattern NAME = Pattern.compile(
            "(\\*\\.)?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    private final SslProvider provider;
    /** Null where the provider cannot staple. */
    private final OcspStapler stapler;
    /** The contexts of the last snapshot by chain and key, or why that pair cannot be used. */
    private Map<Material, Compiled> compiled = Map.of();
    /** The QUIC context of the last snapshot that served HTTP/3, and the choice by SNI it was built for. */
    private QuicSslContext quicBySni;
    private CertificateNames<QuicSslContext> quicNames;
    /** The same for the last snapshot's TLS-ALPN-01 challenge certificates. */
    private Map<Material, Compiled> challenges = Map.of();

    /** A chain and key as the snapshot writes them: a certificate whose other fields change keeps its context. */
    private record Material(String chain, String key) {}

    /**
     * A certificate's context and its OCSP staple (null when it has none), or why there is no context (then both are
     * null); and its QUIC context once HTTP/3 asked for one, or why there is none.
     */
    private record Compiled(SslContext context, OcspStaple staple, String problem, QuicSslContext quic,
                            String quicProblem) {
        static Compiled refused(String problem) {
            return new Compiled(null, null, problem, null, null);
        }

        boolean quicTried() {
            return quic != null || quicProblem != null;
        }
    }

    /**
     * @throws IllegalStateException when {@code provider} cannot load on this machine, with why
     */
    public TlsCompiler(TlsProvider provider) {
        this.provider = Objects.requireNonNull(provider, "provider").resolve();
        this.stapler = this.provider == SslProvider.OPENSSL && OpenSsl.isOcspSupported()
                ? new OcspStapler(Clock.systemUTC()) : null;
    }

    /** The implementation the contexts use: the one asked for, or the one {@link TlsProvider#AUTO} picked. */
    public SslProvider provider() {
        return provider;
    }

    /**
     * @param https      the snapshot's HTTPS part
     * @param challenges the snapshot's ACME TLS-ALPN-01 challenges, answered on its HTTPS port
     * @param problems   receives what could not be used ({@code https.certificates.shop: key: not the key of …})
     * @return the listener, or null when the snapshot serves no HTTPS
     */
    public HttpsListener compile(Optional<Https> https, List<AcmeChallenges.TlsAlpn01> challenges,
                                 List<SnapshotProblem> problems) {
        if (https.isEmpty()) {
            retire(Map.of());
            challenges.forEach(challenge -> problems.add(new SnapshotProblem("acme.tlsAlpn01." + challenge.host(),
                    "no HTTPS port to answer it on; the CA's validation fails")));
            this.challenges = Map.of();
            return null;
        }
        boolean http3 = https.get().http3() && QuicLibrary.available();
        Map<Material, Compiled> next = new HashMap<>();
        Map<SslContext, OcspStaple> staples = new IdentityHashMap<>();
        NamesBuilder<SslContext> names = new NamesBuilder<>();
        NamesBuilder<QuicSslContext> quicNames = new NamesBuilder<>();
        Material quicFallback = null;
        Map<String, String> presentedBy = new HashMap<>();
        List<TlsCertificate> certificates = https.get().certificates();
        for (int i = 0; i < certificates.size(); i++) {
            TlsCertificate certificate = certificates.get(i);
            String name = certificate.name() == null || certificate.name().isBlank() ? "[" + i + "]" : certificate.name();
            String where = "https.certificates." + name;
            Compiled result;
            List<String> hosts = certificate.hosts() == null ? List.of() : certificate.hosts();
            Material material = new Material(certificate.chain(), certificate.key());
            if (hosts.isEmpty()) {
                result = Compiled.refused("hosts: none (expected: the names it is presented for)");
            } else {
                result = next.computeIfAbsent(material, key -> compiled.containsKey(key) ? compiled.get(key) : build(key));
                if (http3 && result.problem() == null && !result.quicTried()) {
                    result = withQuic(result, material);
                    next.put(material, result);
                }
            }
            if (result.problem() != null) {
                problems.add(new SnapshotProblem(where, result.problem() + "; its hosts are not served over HTTPS"));
            } else {
                names.fallback(result.context());
                if (result.staple() != null) {
                    staples.put(result.context(), result.staple());
                }
            }
            String quicProblem = result.problem() != null ? result.problem() : result.quicProblem();
            if (http3 && result.problem() == null && result.quicProblem() != null) {
                problems.add(new SnapshotProblem(where, result.quicProblem() + "; its hosts are not served over"
                        + " HTTP/3"));
            }
            if (http3 && quicProblem == null && quicFallback == null) {
                quicFallback = material;
                quicNames.fallback(result.quic());
            }
            for (String host : hosts) {
                String lower = host == null ? "" : host.toLowerCase(Locale.ROOT);
                if (!NAME.matcher(lower).matches()) {
                    problems.add(new SnapshotProblem(where, "host: " + host + " (expected: a DNS name, or *. and a"
                            + " domain)"));
                    continue;
                }
                String earlier = presentedBy.putIfAbsent(lower, name);
                if (earlier != null) {
                    problems.add(new SnapshotProblem(where, "host: " + lower + " is presented by certificate " + earlier
                            + " already (expected: each name once)"));
                    continue;
                }
                names.add(lower, result.context(), result.problem() == null ? null
                        : "certificate " + name + ": " + result.problem());
                if (http3) {
                    quicNames.add(lower, result.quic(), quicProblem == null ? null
                            : "certificate " + name + ": " + quicProblem);
                }
            }
        }
        if (names.fallback == null && !certificates.isEmpty()) {
            problems.add(new SnapshotProblem("https", "no usable certificate: handshakes on port " + https.get().port()
                    + " fail"));
        }
        retire(next);
        QuicSslContext quic = http3 ? quicBySni(quicNames.build(), quicFallback, problems) : null;
        return new HttpsListener(https.get().port(), new SniCertificates(names.build(), staples,
                challengeContexts(challenges, problems)), quic);
    }

    /**
     * The port's QUIC context: the default certificate's, handing a client's SNI to {@link QuicCertificates}; the one
     * of the last snapshot when the choice is the same. Null when no certificate is usable over QUIC.
     */
    private QuicSslContext quicBySni(CertificateNames<QuicSslContext> names, Material fallback,
                                     List<SnapshotProblem> problems) {
        if (fallback == null) {
            return null;
        }
        if (names.equals(quicNames)) {
            return quicBySni;
        }
        try {
            CertificateMaterial material = CertificateMaterial.read(fallback.chain(), fallback.key());
            quicBySni = quicBuilder(material).sni(new QuicCertificates(names)).build();
            quicNames = names;
            return quicBySni;
        } catch (RuntimeException e) {
            problems.add(new SnapshotProblem("https", "cannot be served over HTTP/3: " + e.getMessage()));
            return null;
        }
    }

    /** The certificate's QUIC context added, or why it cannot have one. */
    private static Compiled withQuic(Compiled tls, Material pem) {
        try {
            QuicSslContext quic = quicBuilder(CertificateMaterial.read(pem.chain(), pem.key())).build();
            return new Compiled(tls.context(), tls.staple(), null, quic, null);
        } catch (RuntimeException e) {
            return new Compiled(tls.context(), tls.staple(), null, null, "cannot be used by QUIC: " + e.getMessage());
        }
    }

    private static QuicSslContextBuilder quicBuilder(CertificateMaterial material) {
        return QuicSslContextBuilder.forServer(material.key(), null, material.chain().toArray(X509Certificate[]::new))
                .applicationProtocols(Http3.supportedApplicationProtocols())
                .sessionCacheSize(SESSION_CACHE_SIZE)
                .sessionTimeout(SESSION_TIMEOUT_SECONDS);
    }

    /** The names of the port's certificates as a compile finds them: usable ones by name, the others refused. */
    private static final class NamesBuilder<C> {
        private final Map<String, C> exact = new HashMap<>();
        private final Map<String, C> wildcards = new HashMap<>();
        private final Map<String, String> refused = new HashMap<>();
        private C fallback;

        /** The first usable certificate's context is the default. */
        void fallback(C context) {
            if (fallback == null) {
                fallback = context;
            }
        }

        /** {@code name} (lower case, checked) presents {@code context}, or is refused for {@code problem}. */
        void add(String name, C context, String problem) {
            if (problem != null) {
                refused.put(name, problem);
            } else if (name.startsWith("*.")) {
                wildcards.put(name.substring(2), context);
            } else {
                exact.put(name, context);
            }
        }

        CertificateNames<C> build() {
            return new CertificateNames<>(exact, wildcards, refused, fallback);
        }
    }

    /** A context per challenge, by its host; one that cannot be used is reported and not answered. */
    private Map<String, SslContext> challengeContexts(List<AcmeChallenges.TlsAlpn01> challenges,
                                                      List<SnapshotProblem> problems) {
        Map<Material, Compiled> next = new HashMap<>();
        Map<String, SslContext> byHost = new HashMap<>();
        for (AcmeChallenges.TlsAlpn01 challenge : challenges) {
            String host = challenge.host() == null ? "" : challenge.host().toLowerCase(Locale.ROOT);
            Material material = new Material(challenge.certificate(), challenge.key());
            Compiled result = next.computeIfAbsent(material, key -> this.challenges.containsKey(key)
                    ? this.challenges.get(key) : buildChallenge(key));
            if (result.problem() != null) {
                problems.add(new SnapshotProblem("acme.tlsAlpn01." + host, result.problem()
                        + "; the CA's validation fails"));
            } else {
                byHost.put(host, result.context());
            }
        }
        this.challenges = next;
        return byHost;
    }

    private Compiled buildChallenge(Material pem) {
        try {
            CertificateMaterial material = CertificateMaterial.read(pem.chain(), pem.key());
            return new Compiled(SslContextBuilder.forServer(material.key(), material.chain())
                    .sslProvider(provider)
                    .protocols(PROTOCOLS)
                    .applicationProtocolConfig(ACME_ALPN)
                    .build(), null, null, null, null);
        } catch (SSLException | RuntimeException e) {
            return Compiled.refused("cannot be used by " + provider.name().toLowerCase(Locale.ROOT) + ": "
                    + e.getMessage());
        }
    }

    /** The contexts of {@code next} serve from now on; the staples of those left behind stop being fetched. */
    private void retire(Map<Material, Compiled> next) {
        for (Map.Entry<Material, Compiled> old : compiled.entrySet()) {
            if (!next.containsKey(old.getKey()) && old.getValue().staple() != null) {
                old.getValue().staple().cancel();
            }
        }
        compiled = next;
    }

    private Compiled build(Material pem) {
        CertificateMaterial material;
        try {
            material = CertificateMaterial.read(pem.chain(), pem.key());
        } catch (IllegalArgumentException e) {
            return Compiled.refused(e.getMessage());
        }
        Optional<OcspStaple> staple = stapler == null ? Optional.empty() : stapler.staple(material.chain());
        try {
            SslContext context = SslContextBuilder.forServer(material.key(), material.chain())
                    .sslProvider(provider)
                    .protocols(PROTOCOLS)
                    .ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                    .applicationProtocolConfig(ALPN)
                    .sessionCacheSize(SESSION_CACHE_SIZE)
                    .sessionTimeout(SESSION_TIMEOUT_SECONDS)
                    .enableOcsp(staple.isPresent())
                    .build();
            if (context.sessionContext() instanceof OpenSslSessionContext sessions) {
                // No keys given: tickets on, with keys BoringSSL makes and rotates itself (TLS 1.3 resumes by tickets).
                sessions.setTicketKeys();
            }
            return new Compiled(context, staple.orElse(null), null, null, null);
        } catch (SSLException | RuntimeException e) {
            staple.ifPresent(OcspStaple::cancel);
            return Compiled.refused("cannot be used by " + provider.name().toLowerCase(Locale.ROOT) + ": "
                    + e.getMessage());
        }
    }

    /** Stops fetching OCSP responses. */
    @Override
    public void close() {
        if (stapler != null) {
            stapler.close();
        }
    }
}

package dev.moor.server.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;

/**
 * Moor's own certificate authority: an EC P-256 key and a self-signed certificate valid ten years, kept as
 * {@value #CERTIFICATE_FILE} and {@value #KEY_FILE} (mode 0600) in a directory of the server's home. It issues the
 * server's TLS certificate and the client certificates of remote users; the server trusts no other issuer. The
 * development CA ({@link #loadOrCreateDevelopment}) is another one, in a directory of its own, that issues the
 * certificates of apps' HTTPS hosts on machines whose browsers and curl are told to trust it.
 */
public final class CertificateAuthority {

    /**
     * What a CA is for, as its certificate and its problems say.
     *
     * @param commonName      the start of its certificate's CN
     * @param owner           how problems name it
     * @param afterRecreating what must happen once a new CA replaced it
     */
    private record Role(String commonName, String owner, String afterRecreating) {
        static final Role API = new Role("Moor CA", "Moor's CA", "issue every client bundle again");
        static final Role DEVELOPMENT = new Role("Moor development CA", "Moor's development CA",
                "have browsers and curl trust its new root certificate");
    }

    public static final String CERTIFICATE_FILE = "ca.pem";
    public static final String KEY_FILE = "ca-key.pem";
    /** The TLS versions Moor speaks on both ends: 1.3 first, 1.2 for clients that have no 1.3. */
    public static final List<String> TLS_PROTOCOLS = TlsContexts.PROTOCOLS;

    static final Duration CA_VALIDITY = Duration.ofDays(3653);
    /** The server's certificate is issued anew at every start, so it may be short-lived. */
    static final Duration SERVER_VALIDITY = Duration.ofDays(398);
    /** Certificates start a little in the past, so a peer whose clock is behind accepts them at once. */
    static final Duration BACKDATE = Duration.ofHours(1);
    static final Duration MAX_CLIENT_VALIDITY = Duration.ofDays(3653);

    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    private static final Pattern CLIENT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    private static final Pattern DNS_NAME =
            Pattern.compile("(\\*\\.)?([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path directory;
    private final X509Certificate certificate;
    private final PrivateKey key;
    private final Clock clock;

    private CertificateAuthority(Path directory, X509Certificate certificate, PrivateKey key, Clock clock) {
        this.directory = directory;
        this.certificate = certificate;
        this.key = key;
        this.clock = clock;
    }

    /**
     * The CA kept in {@code directory}, created there (the directory mode 0700, the files 0600) when the directory
     * holds none.
     *
     * @throws IllegalStateException when the directory holds half a CA, a key others can read, or an expired CA
     */
    public static CertificateAuthority loadOrCreate(Path directory) {
        return loadOrCreate(directory, Clock.systemUTC());
    }

    /** As {@link #loadOrCreate(Path)}, issuing certificates valid from {@code clock}'s now. */
    public static CertificateAuthority loadOrCreate(Path directory, Clock clock) {
        return loadOrCreate(directory, clock, Role.API);
    }

    /**
     * The development CA kept in {@code directory}, created there as {@link #loadOrCreate(Path, Clock)} creates the
     * API's CA, under another name: its certificate is what a browser or curl trusts to reach apps' HTTPS hosts with
     * {@code certificate: dev}.
     */
    public static CertificateAuthority loadOrCreateDevelopment(Path directory, Clock clock) {
        return loadOrCreate(directory, clock, Role.DEVELOPMENT);
    }

    private static CertificateAuthority loadOrCreate(Path directory, Clock clock, Role role) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(clock, "clock");
        Path certificateFile = directory.resolve(CERTIFICATE_FILE);
        Path keyFile = directory.resolve(KEY_FILE);
        boolean hasCertificate = Files.exists(certificateFile);
        boolean hasKey = Files.exists(keyFile);
        try {
            if (!hasCertificate && !hasKey) {
                return create(directory, clock, role);
            }
            if (hasCertificate != hasKey) {
                throw new IllegalStateException(directory + " holds " + (hasCertificate ? CERTIFICATE_FILE : KEY_FILE)
                        + " but no " + (hasCertificate ? KEY_FILE : CERTIFICATE_FILE) + " (expected: both, "
                        + role.owner() + "): restore the missing file, or move " + directory + " away to create a new"
                        + " CA and then " + role.afterRecreating());
            }
            return load(directory, clock, role);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load or create " + role.owner() + " in " + directory + ": "
                    + e.getMessage(), e);
        }
    }

    private static CertificateAuthority create(Path directory, Clock clock, Role role) throws IOException {
        KeyPair pair = newKeyPair();
        Instant now = clock.instant();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "Moor")
                .addRDN(BCStyle.CN, hostName().map(host -> role.commonName() + " " + host).orElse(role.commonName())
                        + " " + now.toString().substring(0, 10))
                .build();
        JcaX509ExtensionUtils extensions = extensionUtils();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                Date.from(now.minus(BACKDATE)), Date.from(now.plus(CA_VALIDITY)), subject, pair.getPublic());
        // Path length 0: this CA signs servers and clients, never another CA.
        addExtension(builder, Extension.basicConstraints, true, new BasicConstraints(0));
        addExtension(builder, Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        addExtension(builder, Extension.subjectKeyIdentifier, false,
                extensions.createSubjectKeyIdentifier(pair.getPublic()));
        X509Certificate certificate = sign(builder, pair.getPrivate());

        Pem.createOwnerOnlyDirectory(directory);
        Pem.writeOwnerOnly(directory.resolve(KEY_FILE), Pem.privateKey(pair.getPrivate()));
        Pem.writeOwnerOnly(directory.resolve(CERTIFICATE_FILE), Pem.certificates(List.of(certificate)));
        return new CertificateAuthority(directory, certificate, pair.getPrivate(), clock);
    }

    private static CertificateAuthority load(Path directory, Clock clock, Role role) throws IOException {
        Path keyFile = directory.resolve(KEY_FILE);
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(keyFile, LinkOption.NOFOLLOW_LINKS);
        if (!Pem.OWNER_FILE.containsAll(mode)) {
            throw new IllegalStateException(keyFile + " has mode " + PosixFilePermissions.toString(mode)
                    + " (expected: rw------- so only its owner can read " + role.owner() + " key): chmod 600 "
                    + keyFile
                    + ", and if others may have read it, move " + directory + " away to create a new CA");
        }
        List<X509Certificate> certificates = Pem.readCertificates(directory.resolve(CERTIFICATE_FILE));
        PrivateKey key = Pem.readPrivateKey(keyFile);
        X509Certificate certificate = certificates.getFirst();
        if (!KeyPairs.belongTogether(key, certificate.getPublicKey())) {
            throw new IllegalStateException(keyFile + " is not the key of " + directory.resolve(CERTIFICATE_FILE)
                    + " (expected: the pair Moor created together)");
        }
        if (certificate.getBasicConstraints() < 0) {
            throw new IllegalStateException(directory.resolve(CERTIFICATE_FILE) + " is not a CA certificate");
        }
        if (clock.instant().isAfter(certificate.getNotAfter().toInstant())) {
            throw new IllegalStateException(role.owner() + " in " + directory + " expired on "
                    + certificate.getNotAfter() + ": move " + directory + " away to create a new CA, then "
                    + role.afterRecreating());
        }
        return new CertificateAuthority(directory, certificate, key, clock);
    }

    public Path directory() {
        return directory;
    }

    /** The CA's certificate: what clients trust to recognise the server, and the server to recognise them. */
    public X509Certificate certificate() {
        return certificate;
    }

    /**
     * A certificate for the server's TLS port, valid for the host's name, {@code localhost}, {@code 127.0.0.1},
     * {@code ::1} and {@code extraNames} (DNS names, {@code *.}wildcards, or IP addresses).
     *
     * @throws IllegalArgumentException when an extra name is neither a DNS name nor an IP address
     */
    public ServerCertificate issueServer(Collection<String> extraNames) {
        Set<String> names = new LinkedHashSet<>();
        hostName().ifPresent(names::add);
        names.add("localhost");
        names.add("127.0.0.1");
        names.add("::1");
        for (String name : extraNames) {
            names.add(checkedSubjectName(name));
        }
        List<GeneralName> alternatives = new ArrayList<>();
        for (String name : names) {
            alternatives.add(IPAddress.isValid(name)
                    ? new GeneralName(GeneralName.iPAddress, name)
                    : new GeneralName(GeneralName.dNSName, name));
        }
        KeyPair pair = newKeyPair();
        Instant now = clock.instant();
        Instant notAfter = earliest(now.plus(SERVER_VALIDITY), certificate.getNotAfter().toInstant());
        X509Certificate issued = issue(pair.getPublic(), "Moor server " + names.iterator().next(),
                now.minus(BACKDATE), notAfter, KeyPurposeId.id_kp_serverAuth,
                new GeneralNames(alternatives.toArray(GeneralName[]::new)));
        return new ServerCertificate(pair.getPrivate(), issued, certificate);
    }

    /**
     * A client certificate named {@code name} (its common name, which the server records as who called), valid for
     * {@code validity} from now; {@link ClientBundle#writeTo(Path)} stores it.
     *
     * @throws IllegalArgumentException when the name is not 1 to 64 letters, digits, '.', '_', '@' or '-', or the
     *     validity is not positive or outlasts the CA
     */
    public ClientBundle issueClient(String name, Duration validity) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(validity, "validity");
        if (!CLIENT_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("client name: '" + name + "' (expected: 1 to 64 letters, digits, '.', "
                    + "'_', '@' or '-', starting with a letter or digit)");
        }
        if (validity.isNegative() || validity.isZero() || validity.compareTo(MAX_CLIENT_VALIDITY) > 0) {
            throw new IllegalArgumentException("client validity: " + validity + " (expected: more than zero and at "
                    + "most " + MAX_CLIENT_VALIDITY.toDays() + " days)");
        }
        Instant now = clock.instant();
        Instant notAfter = now.plus(validity);
        if (notAfter.isAfter(certificate.getNotAfter().toInstant())) {
            throw new IllegalArgumentException("client validity: " + validity + " ends on " + notAfter
                    + " (expected: at most until Moor's CA expires, on " + certificate.getNotAfter().toInstant() + ")");
        }
        KeyPair pair = newKeyPair();
        X509Certificate issued = issue(pair.getPublic(), name, now.minus(BACKDATE), notAfter,
                KeyPurposeId.id_kp_clientAuth, null);
        return new ClientBundle(certificate, issued, pair.getPrivate());
    }

    private X509Certificate issue(PublicKey subjectKey, String commonName, Instant notBefore, Instant notAfter,
                                  KeyPurposeId purpose, GeneralNames alternativeNames) {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "Moor")
                .addRDN(BCStyle.CN, commonName)
                .build();
        JcaX509ExtensionUtils extensions = extensionUtils();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(),
                Date.from(notBefore), Date.from(notAfter), subject, subjectKey);
        addExtension(builder, Extension.basicConstraints, true, new BasicConstraints(false));
        addExtension(builder, Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        addExtension(builder, Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        addExtension(builder, Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(subjectKey));
        addExtension(builder, Extension.authorityKeyIdentifier, false,
                extensions.createAuthorityKeyIdentifier(certificate.getPublicKey()));
        if (alternativeNames != null) {
            addExtension(builder, Extension.subjectAlternativeName, false, alternativeNames);
        }
        return sign(builder, key);
    }

    private static String checkedSubjectName(String name) {
        String trimmed = name.strip();
        if (IPAddress.isValid(trimmed)) {
            return trimmed;
        }
        if (trimmed.length() <= 253 && DNS_NAME.matcher(trimmed).matches()) {
            return trimmed.toLowerCase(Locale.ROOT);
        }
        throw new IllegalArgumentException("server name: '" + name + "' (expected: a DNS name such as "
                + "moor.example.com, a wildcard such as *.example.com, or an IP address)");
    }

    /** The host's name, when it has one the resolver knows. */
    private static Optional<String> hostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            return DNS_NAME.matcher(name).matches() && !IPAddress.isValid(name)
                    ? Optional.of(name.toLowerCase(Locale.ROOT))
                    : Optional.empty();
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot generate EC P-256 keys: " + e.getMessage(), e);
        }
    }

    /** Positive, 127 random bits: unique without bookkeeping, under the 20 bytes RFC 5280 allows. */
    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }

    private static JcaX509ExtensionUtils extensionUtils() {
        try {
            return new JcaX509ExtensionUtils();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no SHA-1 for key identifiers: " + e.getMessage(), e);
        }
    }

    private static void addExtension(X509v3CertificateBuilder builder, ASN1ObjectIdentifier oid,
                                     boolean critical, ASN1Encodable value) {
        try {
            builder.addExtension(oid, critical, value);
        } catch (CertIOException e) {
            throw new IllegalStateException("cannot encode the certificate extension " + oid + ": " + e.getMessage(), e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey) {
        try {
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(signingKey)));
        } catch (OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a certificate with " + SIGNATURE_ALGORITHM + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "CertificateAuthority[" + certificate.getSubjectX500Principal() + " in " + directory + "]";
    }
}

package dev.moor.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {

    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

    @TempDir
    Path temp;

    @Test
    void createsAnEcCaValidTenYearsInOwnerOnlyFiles() throws Exception {
        Path directory = temp.resolve("home/ca");

        CertificateAuthority ca = CertificateAuthority.loadOrCreate(directory);

        X509Certificate certificate = ca.certificate();
        assertThat(certificate.getPublicKey()).isInstanceOf(ECPublicKey.class);
        assertThat(((ECPublicKey) certificate.getPublicKey()).getParams().getCurve().getField().getFieldSize())
                .isEqualTo(256);
        assertThat(certificate.getBasicConstraints()).isZero();
        assertThat(certificate.getSubjectX500Principal()).isEqualTo(certificate.getIssuerX500Principal());
        certificate.verify(certificate.getPublicKey());
        assertThat(Duration.between(Instant.now(), certificate.getNotAfter().toInstant()).toDays())
                .isBetween(3650L, 3653L);
        assertThat(mode(directory)).isEqualTo("rwx------");
        assertThat(mode(directory.resolve(CertificateAuthority.CERTIFICATE_FILE))).isEqualTo("rw-------");
        assertThat(mode(directory.resolve(CertificateAuthority.KEY_FILE))).isEqualTo("rw-------");
        assertThat(Files.readString(directory.resolve(CertificateAuthority.KEY_FILE)))
                .startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(directory).isDirectoryNotContaining(path -> path.getFileName().toString().endsWith(".tmp"));
    }

    @Test
    void loadsTheSameCaAgain() {
        Path directory = temp.resolve("ca");
        CertificateAuthority first = CertificateAuthority.loadOrCreate(directory);

        CertificateAuthority second = CertificateAuthority.loadOrCreate(directory);

        assertThat(second.certificate()).isEqualTo(first.certificate());
        ClientBundle bundle = second.issueClient("ops", Duration.ofDays(1));
        assertThat(bundle.ca()).isEqualTo(first.certificate());
    }

    @Test
    void issuesServerCertificatesForLocalAndExtraNames() throws Exception {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(temp.resolve("ca"));

        ServerCertificate server = ca.issueServer(List.of("moor.example.com", "10.1.2.3", "*.apps.example.com"));

        X509Certificate certificate = server.certificate();
        certificate.verify(ca.certificate().getPublicKey());
        assertThat(certificate.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
        assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
        List<String> names = certificate.getSubjectAlternativeNames().stream()
                .map(name -> String.valueOf(name.get(1)))
                .toList();
        assertThat(names).contains("localhost", "127.0.0.1", "moor.example.com", "10.1.2.3", "*.apps.example.com");
        assertThat(names).anyMatch(name -> name.equals("0:0:0:0:0:0:0:1") || name.equals("::1"));
        assertThat(server.ca()).isEqualTo(ca.certificate());
        assertThat(server.sslContext().getProtocol()).isEqualTo("TLS");
    }

    @Test
    void refusesAServerNameThatIsNeitherDnsNorIp() {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(temp.resolve("ca"));

        assertThatThrownBy(() -> ca.issueServer(List.of("not a name")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("server name: 'not a name' (expected: a DNS name");
    }

    @Test
    void issuesClientBundlesAndWritesThemOwnerOnly() throws Exception {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(temp.resolve("ca"));

        ClientBundle bundle = ca.issueClient("ops-laptop", Duration.ofDays(90));
        Path directory = bundle.writeTo(temp.resolve("bundles/ops-laptop"));

        X509Certificate certificate = bundle.certificate();
        certificate.verify(ca.certificate().getPublicKey());
        assertThat(bundle.name()).isEqualTo("ops-laptop");
        assertThat(certificate.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
        assertThat(Duration.between(Instant.now(), certificate.getNotAfter().toInstant()).toDays()).isBetween(89L, 90L);
        assertThat(mode(directory)).isEqualTo("rwx------");
        for (String file : List.of(ClientBundle.CA_FILE, ClientBundle.CERTIFICATE_FILE, ClientBundle.KEY_FILE)) {
            assertThat(mode(directory.resolve(file))).as(file).isEqualTo("rw-------");
        }
        ClientBundle read = ClientBundle.read(directory);
        assertThat(read.ca()).isEqualTo(ca.certificate());
        assertThat(read.certificate()).isEqualTo(certificate);
        assertThat(read.key().getEncoded()).isEqualTo(bundle.key().getEncoded());
        assertThat(read.sslContext()).isNotNull();
    }

    @Test
    void aClockInThePastIssuesCertificatesThatAreExpiredNow() {
        CertificateAuthority.loadOrCreate(temp.resolve("ca"));
        Clock lastYear = Clock.fixed(Instant.now().minus(Duration.ofDays(365)), ZoneOffset.UTC);

        ClientBundle bundle = CertificateAuthority.loadOrCreate(temp.resolve("ca"), lastYear)
                .issueClient("old", Duration.ofDays(7));

        assertThat(bundle.certificate().getNotAfter().toInstant()).isBefore(Instant.now());
    }

    @Test
    void refusesBadClientNamesAndValidities() {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(temp.resolve("ca"));

        assertThatThrownBy(() -> ca.issueClient("ops laptop", Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("client name: 'ops laptop' (expected: 1 to 64 letters");
        assertThatThrownBy(() -> ca.issueClient("ops", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("client validity: PT0S (expected: more than zero");
        CertificateAuthority inEightYears = CertificateAuthority.loadOrCreate(temp.resolve("ca"),
                Clock.offset(Clock.systemUTC(), Duration.ofDays(8 * 365)));
        assertThatThrownBy(() -> inEightYears.issueClient("ops", Duration.ofDays(3 * 365)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected: at most until Moor's CA expires");
    }

    @Test
    void refusesHalfACa() throws IOException {
        Path directory = temp.resolve("ca");
        CertificateAuthority.loadOrCreate(directory);
        Files.delete(directory.resolve(CertificateAuthority.KEY_FILE));

        assertThatThrownBy(() -> CertificateAuthority.loadOrCreate(directory))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith(directory + " holds ca.pem but no ca-key.pem");
    }

    @Test
    void refusesAKeyOthersCanRead() throws IOException {
        Path directory = temp.resolve("ca");
        CertificateAuthority.loadOrCreate(directory);
        Path key = directory.resolve(CertificateAuthority.KEY_FILE);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> CertificateAuthority.loadOrCreate(directory))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith(key + " has mode rw-r--r-- (expected: rw-------");
    }

    @Test
    void refusesAKeyThatIsNotTheCertificates() throws IOException {
        Path directory = temp.resolve("ca");
        Path other = temp.resolve("other");
        CertificateAuthority.loadOrCreate(directory);
        CertificateAuthority.loadOrCreate(other);
        Files.copy(other.resolve(CertificateAuthority.KEY_FILE), directory.resolve(CertificateAuthority.KEY_FILE),
                StandardCopyOption.REPLACE_EXISTING);

        assertThatThrownBy(() -> CertificateAuthority.loadOrCreate(directory))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is not the key of");
    }

    @Test
    void refusesAnExpiredCa() {
        Path directory = temp.resolve("ca");
        CertificateAuthority.loadOrCreate(directory);
        Clock inElevenYears = Clock.offset(Clock.systemUTC(), Duration.ofDays(11 * 365));

        assertThatThrownBy(() -> CertificateAuthority.loadOrCreate(directory, inElevenYears))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("expired on");
    }

    @Test
    void refusesGarbageWithTheFileName() throws IOException {
        Path directory = temp.resolve("ca");
        CertificateAuthority.loadOrCreate(directory);
        Files.writeString(directory.resolve(CertificateAuthority.CERTIFICATE_FILE), "garbage");

        assertThatThrownBy(() -> CertificateAuthority.loadOrCreate(directory))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(CertificateAuthority.CERTIFICATE_FILE);
    }

    @Test
    void aBundleWithAMissingFileSaysWhichAndWhatIsExpected() {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(temp.resolve("ca"));
        Path directory = ca.issueClient("ops", Duration.ofDays(1)).writeTo(temp.resolve("bundle"));
        directory.resolve(ClientBundle.KEY_FILE).toFile().delete();

        assertThatThrownBy(() -> ClientBundle.read(directory))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("lacks " + directory.resolve(ClientBundle.KEY_FILE))
                .hasMessageContaining("'moor server issue-client NAME'");
    }

    @Test
    void opensslAgreesWithTheChain() throws Exception {
        assertThat(Path.of("/usr/bin/openssl")).as("openssl (scripts/test installs it)").isExecutable();
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(temp.resolve("ca"));
        Path bundle = ca.issueClient("ops", Duration.ofDays(1)).writeTo(temp.resolve("bundle"));

        String verify = run("/usr/bin/openssl", "verify", "-purpose", "sslclient",
                "-CAfile", bundle.resolve(ClientBundle.CA_FILE).toString(),
                bundle.resolve(ClientBundle.CERTIFICATE_FILE).toString());
        String key = run("/usr/bin/openssl", "pkey", "-in", bundle.resolve(ClientBundle.KEY_FILE).toString(),
                "-noout", "-text");

        assertThat(verify).contains(": OK");
        assertThat(key).contains("prime256v1");
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}

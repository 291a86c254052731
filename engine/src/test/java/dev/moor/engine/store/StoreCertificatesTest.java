package dev.moor.engine.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoreCertificatesTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);
    private static final String DIRECTORY = "https://acme.example/dir";
    private static final String KEY = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n";
    private static final CertificateNames NAMES = CertificateNames.of("www.example.com", "example.com");

    @TempDir
    Path dir;

    @Test
    void namesAreOneSpellingOfTheSet() {
        assertThat(CertificateNames.of("WWW.example.com ", "example.com", "www.example.com"))
                .isEqualTo(CertificateNames.of("example.com", "www.example.com"));
        assertThat(NAMES.names()).containsExactly("example.com", "www.example.com");
        assertThat(NAMES.first()).isEqualTo("example.com");
        assertThatThrownBy(() -> CertificateNames.of()).hasMessage("names: [] (expected: at least one host name)");
        assertThatThrownBy(() -> CertificateNames.of("a.example", " "))
                .hasMessageContaining("(expected: host names, none blank)");
    }

    @Test
    void anAccountOutlivesTheStoreAndItsKeyIsNotInTheDatabase() throws Exception {
        Path database = dir.resolve("moor.db");
        try (Store store = Store.open(database, CLOCK)) {
            assertThat(store.acmeAccount(DIRECTORY)).isEmpty();
            AcmeAccount account = new AcmeAccount(DIRECTORY, KEY, Optional.empty(), CLOCK.instant());
            store.saveAcmeAccount(account);
            store.saveAcmeAccount(account.withLocation("https://acme.example/acct/1"));
        }
        try (Store store = Store.open(database, CLOCK)) {
            AcmeAccount read = store.acmeAccount(DIRECTORY).orElseThrow();
            assertThat(read.keyPem()).isEqualTo(KEY);
            assertThat(read.location()).contains("https://acme.example/acct/1");
            assertThat(read.toString()).doesNotContain("PRIVATE KEY").contains("key=(secret)");
            assertThat(store.acmeAccount("https://other.example/dir")).isEmpty();
        }
        assertThat(Files.readAllBytes(database)).asString(StandardCharsets.ISO_8859_1)
                .doesNotContain("MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg");
        assertThat(rawColumn(database, "SELECT sealed_key FROM acme_accounts")).startsWith("aes-gcm:");
        assertThat(Files.getPosixFilePermissions(dir.resolve("moor.db.key")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void aCertificateReplacesTheNamesEarlierOneAndEndsTheirFailures() {
        try (Store store = Store.open(dir.resolve("moor.db"), CLOCK)) {
            RenewalFailure failure = new RenewalFailure(NAMES, 2, CLOCK.instant(), CLOCK.instant().plusSeconds(600),
                    "example.com: http-01 challenge invalid");
            store.saveRenewalFailure(failure);
            assertThat(store.renewalFailure(NAMES)).contains(failure);

            store.saveCertificate(certificate("first", Instant.parse("2027-01-01T00:00:00Z")));
            IssuedCertificate second = certificate("second", Instant.parse("2027-03-01T00:00:00Z"));
            store.saveCertificate(second);

            assertThat(store.certificate(NAMES)).contains(second);
            assertThat(store.certificates()).containsExactly(second);
            assertThat(store.certificate(CertificateNames.of("example.com"))).isEmpty();
            assertThat(store.renewalFailure(NAMES)).isEmpty();
            assertThat(second.toString()).doesNotContain("PRIVATE KEY");
        }
    }

    @Test
    void aSealedKeyMovedToAnotherRowDoesNotOpen() throws Exception {
        Path database = dir.resolve("moor.db");
        try (Store store = Store.open(database, CLOCK)) {
            store.saveAcmeAccount(new AcmeAccount(DIRECTORY, KEY, Optional.empty(), CLOCK.instant()));
            store.saveCertificate(certificate("chain", Instant.parse("2027-01-01T00:00:00Z")));
        }
        execute(database, "UPDATE acme_certificates SET sealed_key = (SELECT sealed_key FROM acme_accounts)");
        try (Store store = Store.open(database, CLOCK)) {
            assertThatThrownBy(() -> store.certificate(NAMES))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("cannot open the secret of the certificate for example.com,www.example.com")
                    .hasMessageContaining("moor.db.key");
            assertThat(store.acmeAccount(DIRECTORY).orElseThrow().keyPem()).isEqualTo(KEY);
        }
    }

    @Test
    void aMissingKeyFileIsNamedWhenASecretIsRead() {
        Path database = dir.resolve("moor.db");
        try (Store store = Store.open(database, CLOCK)) {
            store.saveAcmeAccount(new AcmeAccount(DIRECTORY, KEY, Optional.empty(), CLOCK.instant()));
        }
        assertThat(dir.resolve("moor.db.key").toFile().delete()).isTrue();
        try (Store store = Store.open(database, CLOCK)) {
            assertThatThrownBy(() -> store.acmeAccount(DIRECTORY))
                    .isInstanceOf(StoreException.class)
                    .hasMessage("the store holds sealed secrets but their key file " + dir.resolve("moor.db.key")
                            + " is missing");
        }
    }

    @Test
    void twoStoresOfOneDatabaseShareOneKeyFile() {
        Path database = dir.resolve("moor.db");
        try (Store first = Store.open(database, CLOCK); Store second = Store.open(database, CLOCK)) {
            first.saveAcmeAccount(new AcmeAccount(DIRECTORY, KEY, Optional.empty(), CLOCK.instant()));
            assertThat(second.acmeAccount(DIRECTORY).orElseThrow().keyPem()).isEqualTo(KEY);
        }
    }

    @Test
    void aStoreOfSchemaFourGainsTheCertificateTables() throws Exception {
        Path database = dir.resolve("moor.db");
        try (Store store = Store.open(database, CLOCK)) {
            store.registerApp("echo", dir.resolve("moor.yaml"));
        }
        execute(database, "DROP TABLE acme_accounts");
        execute(database, "DROP TABLE acme_certificates");
        execute(database, "DROP TABLE acme_failures");
        execute(database, "PRAGMA user_version = 4");

        try (Store store = Store.open(database, CLOCK)) {
            assertThat(store.apps()).containsKey("echo");
            assertThat(store.certificates()).isEmpty();
            store.saveCertificate(certificate("chain", Instant.parse("2027-01-01T00:00:00Z")));
            assertThat(store.certificates()).hasSize(1);
        }
        assertThat(rawColumn(database, "PRAGMA user_version")).isEqualTo("5");
    }

    private IssuedCertificate certificate(String chain, Instant notAfter) {
        return new IssuedCertificate(NAMES, DIRECTORY, chain, KEY, CLOCK.instant(), notAfter, CLOCK.instant());
    }

    private static String rawColumn(Path database, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            return rs.getString(1);
        }
    }

    private static void execute(Path database, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}

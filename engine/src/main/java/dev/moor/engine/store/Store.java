package dev.moor.engine.store;

import dev.moor.engine.deploy.CanaryStep;
import dev.moor.engine.deploy.Deployment;
import dev.moor.engine.image.PreparedImage;
import dev.moor.engine.revision.Revision;
import dev.moor.engine.revision.Revisions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Moor's embedded store (SQLite): the installation id, the apps this installation runs, their revisions, deploys
 * and events, and the certificates the server obtained over ACME with its accounts. Nothing in it is needed to know
 * what runs: container labels say that. Safe to share between the processes of one installation (WAL, busy
 * timeout); one connection per instance, used under its lock. Private keys are sealed (see {@link SecretSeal}) with
 * a key kept beside the database in {@code <database>.key}.
 */
public final class Store implements AutoCloseable {
    private static final int SCHEMA_VERSION = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Connection connection;
    private final Clock clock;
    private final SecretSeal seal;

    private Store(Connection connection, Clock clock, SecretSeal seal) {
        this.connection = connection;
        this.clock = clock;
        this.seal = seal;
    }

    public static Store open(Path database, Clock clock) {
        try {
            Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA busy_timeout = 10000");
                statement.execute("PRAGMA journal_mode = WAL");
                statement.execute("PRAGMA foreign_keys = ON");
            }
            Store store = new Store(connection, clock,
                    new SecretSeal(database.resolveSibling(database.getFileName() + ".key")));
            store.migrate();
            return store;
        } catch (SQLException e) {
            throw new StoreException("cannot open the store " + database + ": " + e.getMessage(), e);
        }
    }

    private synchronized void migrate() throws SQLException {
        int version;
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("PRAGMA user_version")) {
            version = rs.getInt(1);
        }
        if (version > SCHEMA_VERSION) {
            throw new StoreException("the store was written by a newer Moor (schema " + version
                    + ", this Moor knows " + SCHEMA_VERSION + ")", null);
        }
        if (version == SCHEMA_VERSION) {
            return;
        }
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            if (version < 1) {
                createVersion1(statement);
            }
            if (version < 2) {
                // 2: revisions pin their images; an app's current revision; deploys.
                statement.execute("ALTER TABLE revisions ADD COLUMN images TEXT NOT NULL DEFAULT '{}'");
                statement.execute("ALTER TABLE apps ADD COLUMN current_revision INTEGER NOT NULL DEFAULT 0");
                statement.execute("CREATE TABLE deploys (id INTEGER PRIMARY KEY AUTOINCREMENT, app TEXT NOT NULL,"
                        + " from_revision INTEGER NOT NULL, to_revision INTEGER NOT NULL, state TEXT NOT NULL,"
                        + " started_at TEXT NOT NULL, deadline TEXT NOT NULL, ended_at TEXT, message TEXT NOT NULL)");
                statement.execute("CREATE INDEX deploys_by_app ON deploys (app, id)");
            }
            if (version < 3) {
                // 3: who made each revision, and what it changed.
                statement.execute("ALTER TABLE revisions ADD COLUMN author TEXT NOT NULL DEFAULT ''");
                statement.execute("ALTER TABLE revisions ADD COLUMN changes TEXT NOT NULL DEFAULT '[]'");
            }
            if (version < 4) {
                // 4: the step each canary service of a deploy holds.
                statement.execute("ALTER TABLE deploys ADD COLUMN canaries TEXT NOT NULL DEFAULT '{}'");
            }
            if (version < 5) {
                // 5: ACME accounts and the certificates obtained with them, and the failures of their renewal.
                statement.execute("CREATE TABLE acme_accounts (directory TEXT PRIMARY KEY, sealed_key TEXT NOT NULL,"
                        + " location TEXT, created_at TEXT NOT NULL)");
                statement.execute("CREATE TABLE acme_certificates (names TEXT PRIMARY KEY, directory TEXT NOT NULL,"
                        + " chain TEXT NOT NULL, sealed_key TEXT NOT NULL, not_before TEXT NOT NULL,"
                        + " not_after TEXT NOT NULL, issued_at TEXT NOT NULL)");
                statement.execute("CREATE TABLE acme_failures (names TEXT PRIMARY KEY, failures INTEGER NOT NULL,"
                        + " failed_at TEXT NOT NULL, next_attempt TEXT NOT NULL, reason TEXT NOT NULL)");
            }
            statement.execute("PRAGMA user_version = " + SCHEMA_VERSION);
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private static void createVersion1(Statement statement) throws SQLException {
        statement.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
        statement.execute("CREATE TABLE IF NOT EXISTS apps (name TEXT PRIMARY KEY, spec_path TEXT NOT NULL,"
                + " registered_at TEXT NOT NULL)");
        statement.execute("CREATE TABLE IF NOT EXISTS revisions (app TEXT NOT NULL, number INTEGER NOT NULL,"
                + " source_path TEXT NOT NULL, source_text TEXT NOT NULL, scale TEXT NOT NULL,"
                + " digest TEXT NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY (app, number))");
        statement.execute("CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY AUTOINCREMENT,"
                + " app TEXT NOT NULL, at TEXT NOT NULL, kind TEXT NOT NULL, service TEXT NOT NULL,"
                + " replica INTEGER NOT NULL, container TEXT NOT NULL, message TEXT NOT NULL)");
        statement.execute("CREATE INDEX IF NOT EXISTS events_by_app ON events (app, id)");
        statement.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('installation_id', '"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 16) + "')");
    }

    /** A random id of this installation, written once; every Docker object Moor creates carries it. */
    public synchronized String installationId() {
        return query("SELECT value FROM meta WHERE key = 'installation_id'", ps -> {}, rs -> rs.getString(1))
                .stream().findFirst().orElseThrow(() -> new StoreException("the store has no installation id", null));
    }

    /** Records that an app is run from a spec file (so its containers are not orphans). */
    public synchronized void registerApp(String app, Path specPath) {
        update("INSERT INTO apps (name, spec_path, registered_at) VALUES (?, ?, ?)"
                + " ON CONFLICT (name) DO UPDATE SET spec_path = excluded.spec_path", ps -> {
            ps.setString(1, app);
            ps.setString(2, specPath.toAbsolutePath().toString());
            ps.setString(3, clock.instant().toString());
        });
    }

    public synchronized void unregisterApp(String app) {
        update("DELETE FROM apps WHERE name = ?", ps -> ps.setString(1, app));
    }

    /** The registered apps and the spec file each is run from. */
    public synchronized Map<String, Path> apps() {
        Map<String, Path> apps = new TreeMap<>();
        query("SELECT name, spec_path FROM apps", ps -> {}, rs -> apps.put(rs.getString(1), Path.of(rs.getString(2))));
        return apps;
    }

    /**
     * Accepts a spec as the app's newest revision. When it equals the newest one (same text, scale and images),
     * that revision is returned and nothing is written.
     */
    public synchronized Revision accept(String app, Path sourcePath, String sourceText, Map<String, Integer> scale,
                                        Map<String, PreparedImage> images, String author, List<String> changes) {
        String digest = Revisions.digest(sourceText, scale, images);
        Optional<Revision> latest = latestRevision(app);
        if (latest.isPresent() && latest.get().digest().equals(digest)) {
            return latest.get();
        }
        long number = latest.map(r -> r.number() + 1).orElse(1L);
        Instant now = clock.instant();
        update("INSERT INTO revisions (app, number, source_path, source_text, scale, images, digest, created_at,"
                + " author, changes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", ps -> {
            ps.setString(1, app);
            ps.setLong(2, number);
            ps.setString(3, sourcePath.toAbsolutePath().toString());
            ps.setString(4, sourceText);
            ps.setString(5, toJson(new TreeMap<>(scale)));
            ps.setString(6, toJson(new TreeMap<>(images)));
            ps.setString(7, digest);
            ps.setString(8, now.toString());
            ps.setString(9, author);
            ps.setString(10, toJson(changes));
        });
        return new Revision(app, number, sourcePath.toAbsolutePath(), sourceText, scale, images, digest, now, author,
                changes);
    }

    /** The revision the app runs, once a deploy of it succeeded (or the only one it ever had); 0 for none. */
    public synchronized long currentRevision(String app) {
        return query("SELECT current_revision FROM apps WHERE name = ?", ps -> ps.setString(1, app), rs -> rs.getLong(1))
                .stream().findFirst().orElse(0L);
    }

    public synchronized void setCurrentRevision(String app, long number) {
        update("UPDATE apps SET current_revision = ? WHERE name = ?", ps -> {
            ps.setLong(1, number);
            ps.setString(2, app);
        });
    }

    /** Records a deploy that starts now. */
    public synchronized Deployment startDeploy(String app, long fromRevision, long toRevision, Instant deadline) {
        Instant now = clock.instant();
        update("INSERT INTO deploys (app, from_revision, to_revision, state, started_at, deadline, message)"
                + " VALUES (?, ?, ?, ?, ?, ?, '')", ps -> {
            ps.setString(1, app);
            ps.setLong(2, fromRevision);
            ps.setLong(3, toRevision);
            ps.setString(4, Deployment.State.IN_PROGRESS.name());
            ps.setString(5, now.toString());
            ps.setString(6, deadline.toString());
        });
        long id = query("SELECT last_insert_rowid()", ps -> {}, rs -> rs.getLong(1)).getFirst();
        return new Deployment(id, app, fromRevision, toRevision, Deployment.State.IN_PROGRESS, now, deadline,
                Optional.empty(), "", Map.of());
    }

    /** Records the step each canary service of a deploy in progress holds; a deploy that ended stays as it ended. */
    public synchronized Deployment setCanaries(Deployment deploy, Map<String, CanaryStep> steps) {
        Map<String, StoredStep> stored = new TreeMap<>();
        steps.forEach((service, step) -> stored.put(service, new StoredStep(step.step(), step.since().toString())));
        update("UPDATE deploys SET canaries = ? WHERE id = ? AND state = ?", ps -> {
            ps.setString(1, toJson(stored));
            ps.setLong(2, deploy.id());
            ps.setString(3, Deployment.State.IN_PROGRESS.name());
        });
        return deploy.withCanaries(steps);
    }

    /** A canary step as JSON. */
    private record StoredStep(int step, String since) {}

    /** Ends a deploy; one that ended already stays as it ended. */
    public synchronized Deployment endDeploy(long id, Deployment.State state, String message) {
        if (!state.ended()) {
            throw new IllegalArgumentException("state: " + state + " (expected: SUCCEEDED or FAILED)");
        }
        update("UPDATE deploys SET state = ?, ended_at = ?, message = ? WHERE id = ? AND state = ?", ps -> {
            ps.setString(1, state.name());
            ps.setString(2, clock.instant().toString());
            ps.setString(3, message);
            ps.setLong(4, id);
            ps.setString(5, Deployment.State.IN_PROGRESS.name());
        });
        return query("SELECT " + DEPLOY_COLUMNS + " FROM deploys WHERE id = ?", ps -> ps.setLong(1, id), Store::deployment)
                .stream().findFirst().orElseThrow(() -> new StoreException("no deploy " + id, null));
    }

    /** The app's deploy in progress, if any. */
    public synchronized Optional<Deployment> activeDeploy(String app) {
        return query("SELECT " + DEPLOY_COLUMNS + " FROM deploys WHERE app = ? AND state = ? ORDER BY id DESC LIMIT 1",
                ps -> {
                    ps.setString(1, app);
                    ps.setString(2, Deployment.State.IN_PROGRESS.name());
                }, Store::deployment).stream().findFirst();
    }

    /** The app's deploys, newest first. */
    public synchronized List<Deployment> deploys(String app) {
        return query("SELECT " + DEPLOY_COLUMNS + " FROM deploys WHERE app = ? ORDER BY id DESC",
                ps -> ps.setString(1, app), Store::deployment);
    }

    public synchronized Optional<Revision> latestRevision(String app) {
        return query("SELECT " + REVISION_COLUMNS + " FROM revisions WHERE app = ? ORDER BY number DESC LIMIT 1",
                ps -> ps.setString(1, app), Store::revision).stream().findFirst();
    }

    public synchronized Optional<Revision> revision(String app, long number) {
        return query("SELECT " + REVISION_COLUMNS + " FROM revisions WHERE app = ? AND number = ?", ps -> {
            ps.setString(1, app);
            ps.setLong(2, number);
        }, Store::revision).stream().findFirst();
    }

    /** The app's revisions, newest first. */
    public synchronized List<Revision> revisions(String app) {
        return query("SELECT " + REVISION_COLUMNS + " FROM revisions WHERE app = ? ORDER BY number DESC",
                ps -> ps.setString(1, app), Store::revision);
    }

    /** Stores an event and returns it with its id. */
    public synchronized StoredEvent append(StoredEvent event) {
        update("INSERT INTO events (app, at, kind, service, replica, container, message) VALUES (?, ?, ?, ?, ?, ?, ?)", ps -> {
            ps.setString(1, event.app());
            ps.setString(2, event.at().toString());
            ps.setString(3, event.kind());
            ps.setString(4, event.service());
            ps.setInt(5, event.replica());
            ps.setString(6, event.container());
            ps.setString(7, event.message());
        });
        long id = query("SELECT last_insert_rowid()", ps -> {}, rs -> rs.getLong(1)).getFirst();
        return new StoredEvent(id, event.app(), event.at(), event.kind(), event.service(), event.replica(),
                event.container(), event.message());
    }

    /** Events of an app with an id above {@code afterId}, oldest first, at most {@code limit}. */
    public synchronized List<StoredEvent> events(String app, long afterId, int limit) {
        return query("SELECT id, app, at, kind, service, replica, container, message FROM events"
                + " WHERE app = ? AND id > ? ORDER BY id LIMIT ?", ps -> {
            ps.setString(1, app);
            ps.setLong(2, afterId);
            ps.setInt(3, limit);
        }, rs -> new StoredEvent(rs.getLong(1), rs.getString(2), Instant.parse(rs.getString(3)), rs.getString(4),
                rs.getString(5), rs.getInt(6), rs.getString(7), rs.getString(8)));
    }

    /** The newest {@code limit} events of an app, oldest first. */
    public synchronized List<StoredEvent> lastEvents(String app, int limit) {
        List<StoredEvent> newestFirst = query("SELECT id, app, at, kind, service, replica, container, message FROM events"
                + " WHERE app = ? ORDER BY id DESC LIMIT ?", ps -> {
            ps.setString(1, app);
            ps.setInt(2, limit);
        }, rs -> new StoredEvent(rs.getLong(1), rs.getString(2), Instant.parse(rs.getString(3)), rs.getString(4),
                rs.getString(5), rs.getInt(6), rs.getString(7), rs.getString(8)));
        return newestFirst.reversed();
    }

    /** This installation's account at an ACME directory, if it has one. */
    public synchronized Optional<AcmeAccount> acmeAccount(String directory) {
        return query("SELECT directory, sealed_key, location, created_at FROM acme_accounts WHERE directory = ?",
                ps -> ps.setString(1, directory), rs -> new AcmeAccount(rs.getString(1),
                        seal.open(rs.getString(2), accountContext(rs.getString(1))),
                        Optional.ofNullable(rs.getString(3)), Instant.parse(rs.getString(4))))
                .stream().findFirst();
    }

    /** Stores an account (its key sealed), replacing the directory's earlier one. */
    public synchronized void saveAcmeAccount(AcmeAccount account) {
        String sealedKey = seal.seal(account.keyPem(), accountContext(account.directory()));
        update("INSERT INTO acme_accounts (directory, sealed_key, location, created_at) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (directory) DO UPDATE SET sealed_key = excluded.sealed_key,"
                + " location = excluded.location, created_at = excluded.created_at", ps -> {
            ps.setString(1, account.directory());
            ps.setString(2, sealedKey);
            ps.setString(3, account.location().orElse(null));
            ps.setString(4, account.createdAt().toString());
        });
    }

    /** The certificate kept for exactly these names, if any. */
    public synchronized Optional<IssuedCertificate> certificate(CertificateNames names) {
        return query("SELECT " + CERTIFICATE_COLUMNS + " FROM acme_certificates WHERE names = ?",
                ps -> ps.setString(1, names.key()), this::certificate).stream().findFirst();
    }

    /** Every certificate kept, by names. */
    public synchronized List<IssuedCertificate> certificates() {
        return query("SELECT " + CERTIFICATE_COLUMNS + " FROM acme_certificates ORDER BY names", ps -> {},
                this::certificate);
    }

    /** Keeps a certificate (its key sealed) in place of the names' earlier one, and forgets their failures. */
    public synchronized void saveCertificate(IssuedCertificate certificate) {
        String sealedKey = seal.seal(certificate.keyPem(), certificateContext(certificate.names()));
        inTransaction(() -> {
            update("INSERT INTO acme_certificates (names, directory, chain, sealed_key, not_before, not_after,"
                    + " issued_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (names) DO UPDATE SET"
                    + " directory = excluded.directory, chain = excluded.chain, sealed_key = excluded.sealed_key,"
                    + " not_before = excluded.not_before, not_after = excluded.not_after,"
                    + " issued_at = excluded.issued_at", ps -> {
                ps.setString(1, certificate.names().key());
                ps.setString(2, certificate.directory());
                ps.setString(3, certificate.chainPem());
                ps.setString(4, sealedKey);
                ps.setString(5, certificate.notBefore().toString());
                ps.setString(6, certificate.notAfter().toString());
                ps.setString(7, certificate.issuedAt().toString());
            });
            update("DELETE FROM acme_failures WHERE names = ?", ps -> ps.setString(1, certificate.names().key()));
        });
    }

    /** The failed attempts for these names since their last certificate, if the last attempt failed. */
    public synchronized Optional<RenewalFailure> renewalFailure(CertificateNames names) {
        return query("SELECT names, failures, failed_at, next_attempt, reason FROM acme_failures WHERE names = ?",
                ps -> ps.setString(1, names.key()), rs -> new RenewalFailure(CertificateNames.fromKey(rs.getString(1)),
                        rs.getInt(2), Instant.parse(rs.getString(3)), Instant.parse(rs.getString(4)),
                        rs.getString(5))).stream().findFirst();
    }

    public synchronized void saveRenewalFailure(RenewalFailure failure) {
        update("INSERT INTO acme_failures (names, failures, failed_at, next_attempt, reason) VALUES (?, ?, ?, ?, ?)"
                + " ON CONFLICT (names) DO UPDATE SET failures = excluded.failures, failed_at = excluded.failed_at,"
                + " next_attempt = excluded.next_attempt, reason = excluded.reason", ps -> {
            ps.setString(1, failure.names().key());
            ps.setInt(2, failure.failures());
            ps.setString(3, failure.failedAt().toString());
            ps.setString(4, failure.nextAttempt().toString());
            ps.setString(5, failure.reason());
        });
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StoreException("cannot close the store: " + e.getMessage(), e);
        }
    }

    private static final String REVISION_COLUMNS =
            "app, number, source_path, source_text, scale, images, digest, created_at, author, changes";
    private static final String DEPLOY_COLUMNS =
            "id, app, from_revision, to_revision, state, started_at, deadline, ended_at, message, canaries";
    private static final String CERTIFICATE_COLUMNS =
            "names, directory, chain, sealed_key, not_before, not_after, issued_at";
    private static final TypeReference<Map<String, StoredStep>> CANARIES = new TypeReference<>() {};
    private static final TypeReference<Map<String, Integer>> SCALE = new TypeReference<>() {};
    private static final TypeReference<Map<String, PreparedImage>> IMAGES = new TypeReference<>() {};
    private static final TypeReference<List<String>> LINES = new TypeReference<>() {};

    private static Revision revision(ResultSet rs) throws SQLException {
        return new Revision(rs.getString(1), rs.getLong(2), Path.of(rs.getString(3)), rs.getString(4),
                fromJson(rs.getString(5), SCALE), fromJson(rs.getString(6), IMAGES), rs.getString(7),
                Instant.parse(rs.getString(8)), rs.getString(9), fromJson(rs.getString(10), LINES));
    }

    private IssuedCertificate certificate(ResultSet rs) throws SQLException {
        CertificateNames names = CertificateNames.fromKey(rs.getString(1));
        return new IssuedCertificate(names, rs.getString(2), rs.getString(3),
                seal.open(rs.getString(4), certificateContext(names)), Instant.parse(rs.getString(5)),
                Instant.parse(rs.getString(6)), Instant.parse(rs.getString(7)));
    }

    private static String accountContext(String directory) {
        return "the acme account at " + directory;
    }

    private static String certificateContext(CertificateNames names) {
        return "the certificate for " + names.key();
    }

    private static Deployment deployment(ResultSet rs) throws SQLException {
        String endedAt = rs.getString(8);
        return new Deployment(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                Deployment.State.valueOf(rs.getString(5)), Instant.parse(rs.getString(6)), Instant.parse(rs.getString(7)),
                Optional.ofNullable(endedAt).map(Instant::parse), rs.getString(9), canaries(rs.getString(10)));
    }

    private static Map<String, CanaryStep> canaries(String json) {
        Map<String, CanaryStep> steps = new TreeMap<>();
        fromJson(json, CANARIES).forEach((service, step) ->
                steps.put(service, new CanaryStep(step.step(), Instant.parse(step.since()))));
        return steps;
    }

    private static String toJson(Object mapOrList) {
        try {
            return JSON.writeValueAsString(mapOrList);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map or list of strings, numbers or records is always JSON", e);
        }
    }

    private static <T> T fromJson(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new StoreException("a revision column is not valid JSON: " + json, e);
        }
    }

    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    private <T> List<T> query(String sql, Binder binder, RowMapper<T> mapper) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            try (ResultSet rs = statement.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new StoreException("store query failed: " + e.getMessage(), e);
        }
    }

    private interface Work {
        void run() throws SQLException;
    }

    private void inTransaction(Work work) {
        try {
            connection.setAutoCommit(false);
            try {
                work.run();
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("store transaction failed: " + e.getMessage(), e);
        }
    }

    private void update(String sql, Binder binder) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("store update failed: " + e.getMessage(), e);
        }
    }
}

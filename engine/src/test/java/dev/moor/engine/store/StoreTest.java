package dev.moor.engine.store;

import dev.moor.engine.deploy.Deployment;
import dev.moor.engine.image.PreparedImage;
import dev.moor.engine.revision.Revision;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoreTest {
    private static final Map<String, PreparedImage> IMAGES = Map.of("web", new PreparedImage("web:1", "sha256:aa"));

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void installationIdIsWrittenOnceAndSurvivesReopening() {
        String first;
        try (Store store = Store.open(dir.resolve("moor.db"), CLOCK)) {
            first = store.installationId();
        }
        try (Store store = Store.open(dir.resolve("moor.db"), CLOCK)) {
            assertThat(store.installationId()).isEqualTo(first).hasSize(16);
        }
        try (Store other = Store.open(dir.resolve("other.db"), CLOCK)) {
            assertThat(other.installationId()).isNotEqualTo(first);
        }
    }

    @Test
    void acceptingTheSameTextTwiceKeepsOneRevision() {
        try (Store store = Store.open(dir.resolve("moor.db"), CLOCK)) {
            Revision first = store.accept("echo", dir.resolve("moor.yaml"), "app: echo\n", Map.of(), IMAGES, "test", List.of());
            Revision again = store.accept("echo", dir.resolve("moor.yaml"), "app: echo\n", Map.of(), IMAGES, "test", List.of());
            assertThat(first.number()).isEqualTo(1);
            assertThat(again).isEqualTo(first);
            assertThat(store.revisions("echo")).hasSize(1);
        }
    }

    @Test
    void newTextOrScaleMakesTheNextRevisionAndItReadsBack() {
        try (Store store = Store.open(dir.resolve("moor.db"), CLOCK)) {
            store.accept("echo", dir.resolve("moor.yaml"), "app: echo\n", Map.of(), IMAGES, "test", List.of());
            Revision scaled = store.accept("echo", dir.resolve("moor.yaml"), "app: echo\n", Map.of("web", 5), IMAGES,
                    "alice (local)", List.of("web: replicas: 1 -> 5"));
            store.accept("shop", dir.resolve("shop.yaml"), "app: shop\n", Map.of(), IMAGES, "test", List.of());
            assertThat(scaled.number()).isEqualTo(2);
            assertThat(store.latestRevision("echo")).contains(scaled);
            assertThat(store.revision("echo", 2).orElseThrow().scale()).containsEntry("web", 5);
            assertThat(store.revision("echo", 2).orElseThrow().author()).isEqualTo("alice (local)");
            assertThat(store.revision("echo", 2).orElseThrow().changes()).containsExactly("web: replicas: 1 -> 5");
            assertThat(store.revisions("echo")).extracting(Revision::number).containsExactly(2L, 1L);
            assertThat(store.latestRevision("shop").orElseThrow().number()).isEqualTo(1);
            assertThat(store.latestRevision("none")).isEmpty();
        }
    }

    @Test
    void appsAreRegisteredAndUnregistered() {
        try (Store store = Store.open(dir.resolve("moor.db"), CLOCK)) {
            store.registerApp("echo", dir.resolve("a/moor.yaml"));
            store.registerApp("echo", dir.resolve("b/moor.yaml"));
            store.registerApp("shop", dir.resolve("shop/moor.yaml"));
            assertThat(store.apps()).containsEntry("echo", dir.resolve("b/moor.yaml")).containsKey("shop");
            store.unregisterApp("echo");
            assertThat(store.apps()).containsOnlyKeys("shop");
        }
    }

    @Test
    void eventsAreAppendedInOrderAndReadAfterAnId() {
        try (Store store = Store.open(dir.resolve("moor.db"), CLOCK)) {
            StoredEvent first = store.append(new StoredEvent(0, "echo", CLOCK.instant(), "replica.started", "web", 0, "abc", "one"));
            StoredEvent second = store.append(new StoredEvent(0, "echo", CLOCK.instant(), "replica.failed", "web", 1, "def", "two"));
            store.append(new StoredEvent(0, "shop", CLOCK.instant(), "replica.started", "orders", 0, "ghi", "other app"));
            assertThat(second.id()).isGreaterThan(first.id());
            assertThat(store.events("echo", 0, 10)).extracting(StoredEvent::message).containsExactly("one", "two");
            assertThat(store.events("echo", first.id(), 10)).extracting(StoredEvent::message).containsExactly("two");
            assertThat(store.lastEvents("echo", 1)).extracting(StoredEvent::message).containsExactly("two");
        }
    }

    @Test
    void revisionsKeepTheirPinnedImages() {
        try (Store store = Store.open(dir.resolve("moor.db"), CLOCK)) {
            store.accept("echo", dir.resolve("moor.yaml"), "app: echo\n", Map.of(), IMAGES, "test", List.of());
            Map<String, PreparedImage> rebuilt = Map.of("web", new PreparedImage("web:1", "sha256:bb"));

            Revision second = store.accept("echo", dir.resolve("moor.yaml"), "app: echo\n", Map.of(), rebuilt, "test", List.of());

            assertThat(second.number()).as("the same text with a rebuilt tag").isEqualTo(2);
            assertThat(store.revision("echo", 1).orElseThrow().images()).isEqualTo(IMAGES);
            assertThat(store.revision("echo", 2).orElseThrow().images()).isEqualTo(rebuilt);
        }
    }

    @Test
    void deploysAndTheCurrentRevisionOutliveTheStore() {
        Path database = dir.resolve("moor.db");
        long id;
        try (Store store = Store.open(database, CLOCK)) {
            store.registerApp("echo", dir.resolve("moor.yaml"));
            assertThat(store.currentRevision("echo")).isZero();
            store.setCurrentRevision("echo", 1);
            Deployment started = store.startDeploy("echo", 1, 2, CLOCK.instant().plusSeconds(300));
            id = started.id();
            assertThat(started.state()).isEqualTo(Deployment.State.IN_PROGRESS);
        }
        try (Store store = Store.open(database, CLOCK)) {
            assertThat(store.currentRevision("echo")).isEqualTo(1);
            Deployment active = store.activeDeploy("echo").orElseThrow();
            assertThat(active.id()).isEqualTo(id);
            assertThat(active.deadline()).isEqualTo(CLOCK.instant().plusSeconds(300));

            Deployment ended = store.endDeploy(id, Deployment.State.FAILED, "web 0/3 healthy");
            Deployment again = store.endDeploy(id, Deployment.State.SUCCEEDED, "too late");

            assertThat(ended.state()).isEqualTo(Deployment.State.FAILED);
            assertThat(again).as("an ended deploy stays as it ended").isEqualTo(ended);
            assertThat(store.activeDeploy("echo")).isEmpty();
            assertThat(store.deploys("echo")).singleElement().satisfies(d -> {
                assertThat(d.message()).isEqualTo("web 0/3 healthy");
                assertThat(d.endedAt()).contains(CLOCK.instant());
            });
        }
    }

    @Test
    void aStoreOfTheFirstSchemaIsMigratedWithItsRevisions() throws Exception {
        Path database = dir.resolve("moor.db");
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection("jdbc:sqlite:" + database);
             java.sql.Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
            statement.execute("CREATE TABLE apps (name TEXT PRIMARY KEY, spec_path TEXT NOT NULL, registered_at TEXT NOT NULL)");
            statement.execute("CREATE TABLE revisions (app TEXT NOT NULL, number INTEGER NOT NULL, source_path TEXT NOT NULL,"
                    + " source_text TEXT NOT NULL, scale TEXT NOT NULL, digest TEXT NOT NULL, created_at TEXT NOT NULL,"
                    + " PRIMARY KEY (app, number))");
            statement.execute("CREATE TABLE events (id INTEGER PRIMARY KEY AUTOINCREMENT, app TEXT NOT NULL, at TEXT NOT NULL,"
                    + " kind TEXT NOT NULL, service TEXT NOT NULL, replica INTEGER NOT NULL, container TEXT NOT NULL,"
                    + " message TEXT NOT NULL)");
            statement.execute("INSERT INTO meta VALUES ('installation_id', 'abc123')");
            statement.execute("INSERT INTO apps VALUES ('echo', '/x/moor.yaml', '2026-01-01T00:00:00Z')");
            statement.execute("INSERT INTO revisions VALUES ('echo', 1, '/x/moor.yaml', 'app: echo', '{}', 'd1',"
                    + " '2026-01-01T00:00:00Z')");
            statement.execute("PRAGMA user_version = 1");
        }

        try (Store store = Store.open(database, CLOCK)) {
            assertThat(store.installationId()).isEqualTo("abc123");
            assertThat(store.revision("echo", 1).orElseThrow().images()).isEmpty();
            assertThat(store.revision("echo", 1).orElseThrow().author()).isEmpty();
            assertThat(store.revision("echo", 1).orElseThrow().changes()).isEmpty();
            assertThat(store.currentRevision("echo")).isZero();
            assertThat(store.deploys("echo")).isEmpty();
        }
    }

    @Test
    void twoConnectionsShareTheStore() {
        try (Store writer = Store.open(dir.resolve("moor.db"), CLOCK);
             Store reader = Store.open(dir.resolve("moor.db"), CLOCK)) {
            writer.append(new StoredEvent(0, "echo", CLOCK.instant(), "moor.started", "", -1, "", "hello"));
            assertThat(reader.events("echo", 0, 10)).extracting(StoredEvent::message).isEqualTo(List.of("hello"));
            assertThat(reader.installationId()).isEqualTo(writer.installationId());
        }
    }

    @Test
    void anUnwritableLocationFailsWithTheFileInTheMessage() {
        Path missing = dir.resolve("no/such/dir/moor.db");
        assertThatThrownBy(() -> Store.open(missing, CLOCK))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(missing.toString());
    }
}

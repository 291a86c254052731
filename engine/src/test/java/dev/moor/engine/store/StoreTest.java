package dev.moor.engine.store;

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
            Revision first = store.accept("echo", dir.resolve("moor.yaml"), "app: echo\n", Map.of());
            Revision again = store.accept("echo", dir.resolve("moor.yaml"), "app: echo\n", Map.of());
            assertThat(first.number()).isEqualTo(1);
            assertThat(again).isEqualTo(first);
            assertThat(store.revisions("echo")).hasSize(1);
        }
    }

    @Test
    void newTextOrScaleMakesTheNextRevisionAndItReadsBack() {
        try (Store store = Store.open(dir.resolve("moor.db"), CLOCK)) {
            store.accept("echo", dir.resolve("moor.yaml"), "app: echo\n", Map.of());
            Revision scaled = store.accept("echo", dir.resolve("moor.yaml"), "app: echo\n", Map.of("web", 5));
            store.accept("shop", dir.resolve("shop.yaml"), "app: shop\n", Map.of());
            assertThat(scaled.number()).isEqualTo(2);
            assertThat(store.latestRevision("echo")).contains(scaled);
            assertThat(store.revision("echo", 2).orElseThrow().scale()).containsEntry("web", 5);
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

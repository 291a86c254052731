package dev.moor.engine.revision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.moor.engine.revision.RevisionChanges.FieldChange;
import dev.moor.engine.revision.RevisionChanges.Kind;
import dev.moor.engine.revision.RevisionChanges.RouteChange;
import dev.moor.engine.revision.RevisionChanges.ServiceChange;
import dev.moor.spec.AppSpec;
import dev.moor.spec.SpecException;
import dev.moor.spec.SpecLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RevisionChangesTest {
    private static final String BEFORE = """
            app: shop
            services:
              web:
                image: shop/web:1
                replicas: 2
                port: 8080
                env: {MODE: fast, OLD: x}
                secrets: {token: {env: TOKEN}}
              worker:
                image: shop/worker:1
              payments:
                external: ["10.0.0.5:443"]
            routes:
              - path: /
                service: web
              - path: /old
                service: web
            edge:
              listen: 8080
            """;
    private static final Map<String, String> IMAGES_BEFORE = Map.of("web", "shop/web:1 (sha256:aaaa)",
            "worker", "shop/worker:1 (sha256:bbbb)");

    @Test
    void theSameFileAndImagesChangeNothing() throws SpecException {
        assertThat(RevisionChanges.between(Optional.of(spec(BEFORE)), IMAGES_BEFORE, spec(BEFORE), IMAGES_BEFORE)
                .isEmpty()).isTrue();
    }

    @Test
    void eachChangedFieldIsNamedWithItsValuesAndOnlyReplicaShapingOnesRoll() throws SpecException {
        String after = BEFORE.replace("replicas: 2", "replicas: 4")
                .replace("env: {MODE: fast, OLD: x}", "env: {MODE: slow, NEW: y}")
                .replace("secrets: {token: {env: TOKEN}}", "secrets: {token: {env: API_TOKEN}}")
                .replace("  worker:\n    image: shop/worker:1\n", "  worker:\n    image: shop/worker:1\n    replicas: 3\n")
                .replace("  - path: /old\n    service: web\n", "  - path: /new\n    service: web\n    strip_prefix: true\n");

        RevisionChanges changes = RevisionChanges.between(Optional.of(spec(BEFORE)), IMAGES_BEFORE, spec(after),
                Map.of("web", "shop/web:1 (sha256:cccc)", "worker", "shop/worker:1 (sha256:bbbb)"));

        assertThat(changes.services()).containsExactly(
                new ServiceChange("web", Kind.CHANGED, List.of(
                        new FieldChange("image", "shop/web:1 (sha256:aaaa)", "shop/web:1 (sha256:cccc)"),
                        new FieldChange("replicas", "2", "4"),
                        new FieldChange("env.MODE", "fast", "slow"),
                        new FieldChange("env.NEW", "", "y"),
                        new FieldChange("secrets.token", "env TOKEN", "env API_TOKEN"),
                        new FieldChange("env.OLD", "x", "")), true),
                new ServiceChange("worker", Kind.CHANGED, List.of(new FieldChange("replicas", "1", "3")), false));
        assertThat(changes.routes()).containsExactly(
                new RouteChange("/new", Kind.ADDED, "", "web, strip prefix"),
                new RouteChange("/old", Kind.REMOVED, "web", ""));
        assertThat(changes.lines()).contains("web: env.MODE: fast -> slow", "web: env.OLD: x -> (none)",
                "worker: replicas: 1 -> 3", "route /new: added (to web, strip prefix)", "route /old: removed (was to web)");
    }

    @Test
    void aFirstRevisionAddsEveryServiceAndRouteAndARemovedServiceRolls() throws SpecException {
        RevisionChanges first = RevisionChanges.between(Optional.empty(), Map.of(), spec(BEFORE), IMAGES_BEFORE);

        assertThat(first.services()).extracting(ServiceChange::service, ServiceChange::kind, ServiceChange::rolls)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("web", Kind.ADDED, true),
                        org.assertj.core.groups.Tuple.tuple("worker", Kind.ADDED, true),
                        org.assertj.core.groups.Tuple.tuple("payments", Kind.ADDED, false));
        assertThat(first.services().getFirst().fields()).contains(new FieldChange("env.MODE", "", "fast"));
        assertThat(first.routes()).extracting(RouteChange::route).containsExactly("/", "/old");

        String withoutWorker = BEFORE.replace("  worker:\n    image: shop/worker:1\n", "")
                .replace("external: [\"10.0.0.5:443\"]", "external: [\"10.0.0.6:443\"]");
        RevisionChanges removal = RevisionChanges.between(Optional.of(spec(BEFORE)), IMAGES_BEFORE,
                spec(withoutWorker), IMAGES_BEFORE);
        assertThat(removal.services()).containsExactly(
                new ServiceChange("payments", Kind.CHANGED,
                        List.of(new FieldChange("external", "10.0.0.5:443", "10.0.0.6:443")), false),
                new ServiceChange("worker", Kind.REMOVED, removal.services().get(1).fields(), true));
        assertThat(removal.services().get(1).fields()).contains(new FieldChange("image", "shop/worker:1 (sha256:bbbb)", ""));
    }

    private static AppSpec spec(String text) throws SpecException {
        return SpecLoader.parse(text, Path.of("moor.yaml"));
    }
}

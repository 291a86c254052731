package dev.moor.engine.replica;

import dev.moor.engine.image.PreparedImage;
import dev.moor.engine.runtime.ContainerRequest;
import dev.moor.spec.HealthSpec;
import dev.moor.spec.ResourcesSpec;
import dev.moor.spec.SecretSpec;
import dev.moor.spec.ServiceSpec;
import dev.moor.spec.VolumeSpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplicaTemplatesTest {
    private static final PreparedImage WEB_1 = new PreparedImage("web:1", "sha256:" + "1".repeat(64));
    private static final PreparedImage WEB_2 = new PreparedImage("web:1", "sha256:" + "2".repeat(64));

    @TempDir
    Path dir;

    private ServiceSpec service(Map<String, String> env, List<SecretSpec> secrets, int replicas) {
        return new ServiceSpec("web", Optional.of("web:1"), Optional.empty(), replicas, Optional.of(8080), "127.0.0.1",
                List.of("serve", "--port", "8080"), env, secrets,
                List.of(new VolumeSpec(VolumeSpec.Kind.VOLUME, "data", "/data", false)),
                ResourcesSpec.defaults(), List.of("NET_BIND_SERVICE"), Optional.<HealthSpec>empty(), Duration.ofSeconds(10));
    }

    @Test
    void theTemplateCarriesTheServiceIntoAHardenedRequest() {
        ReplicaTemplate template = ReplicaTemplates.of("owner1", "shop", 3, service(Map.of("A", "1"), List.of(), 2),
                WEB_1, name -> null);
        ContainerRequest request = template.request(1, "shop-web-1-abcdef");
        assertThat(request.name()).isEqualTo("shop-web-1-abcdef");
        assertThat(request.labels()).containsEntry(Labels.OWNER, "owner1").containsEntry(Labels.APP, "shop")
                .containsEntry(Labels.SERVICE, "web").containsEntry(Labels.REPLICA, "1")
                .containsEntry(Labels.REVISION, "3").containsEntry(Labels.CONFIG, template.configHash());
        assertThat(request.image()).as("the pinned id, not the tag").isEqualTo(WEB_1.id());
        assertThat(request.network()).isEqualTo("moor-shop");
        assertThat(request.networkAliases()).containsExactly("web");
        assertThat(request.mounts()).containsExactly(new ContainerRequest.Mount(ContainerRequest.Mount.Kind.VOLUME,
                "moor-shop-data", "/data", false));
        assertThat(request.memoryBytes()).isEqualTo(ResourcesSpec.DEFAULT_MEMORY_BYTES);
        assertThat(request.capabilities()).containsExactly("NET_BIND_SERVICE");
    }

    @Test
    void theHashChangesWithWhatShapesAReplicaButNotWithReplicaCountOrRevision() {
        String base = ReplicaTemplates.of("o", "shop", 1, service(Map.of("A", "1"), List.of(), 2), WEB_1, n -> null).configHash();
        assertThat(ReplicaTemplates.of("o", "shop", 7, service(Map.of("A", "1"), List.of(), 5), WEB_1, n -> null).configHash())
                .isEqualTo(base);
        assertThat(ReplicaTemplates.of("o", "shop", 1, service(Map.of("A", "2"), List.of(), 2), WEB_1, n -> null).configHash())
                .isNotEqualTo(base);
        assertThat(ReplicaTemplates.of("o", "shop", 1, service(Map.of("A", "1"), List.of(), 2), WEB_2, n -> null).configHash())
                .isNotEqualTo(base);
    }

    @Test
    void secretsBecomeReadOnlyFilesAndTheirContentChangesTheHash() throws IOException {
        Path file = Files.writeString(dir.resolve("db.txt"), "s3cret");
        List<SecretSpec> secrets = List.of(new SecretSpec("db_password", Optional.of(file), Optional.empty()),
                new SecretSpec("api_key", Optional.empty(), Optional.of("API_KEY")));
        ReplicaTemplate template = ReplicaTemplates.of("o", "shop", 1, service(Map.of(), secrets, 1), WEB_1,
                Map.of("API_KEY", "k1")::get);
        assertThat(template.secretFiles()).hasSize(2);
        assertThat(template.secretFiles().getFirst().path()).isEqualTo("/run/secrets/db_password");
        assertThat(new String(template.secretFiles().getFirst().content(), StandardCharsets.UTF_8)).isEqualTo("s3cret");
        assertThat(template.secretFiles().getFirst().mode()).isEqualTo(0444);
        assertThat(template.base().env()).isEmpty();
        assertThat(template.toString()).doesNotContain("s3cret").doesNotContain("k1");

        String rotated = ReplicaTemplates.of("o", "shop", 1, service(Map.of(), secrets, 1), WEB_1,
                Map.of("API_KEY", "k2")::get).configHash();
        assertThat(rotated).isNotEqualTo(template.configHash());
    }

    @Test
    void aMissingSecretVariableIsNamedButNoValueIsShown() {
        List<SecretSpec> secrets = List.of(new SecretSpec("api_key", Optional.empty(), Optional.of("API_KEY")));
        assertThatThrownBy(() -> ReplicaTemplates.of("o", "shop", 1, service(Map.of(), secrets, 1), WEB_1, n -> null))
                .hasMessage("services.web.secrets.api_key: environment variable API_KEY is not set");
    }
}

package dev.moor.engine.image;

import dev.moor.engine.runtime.ContainerRuntimeException;
import dev.moor.engine.runtime.FakeContainerRuntime;
import dev.moor.spec.AppSpec;
import dev.moor.spec.BuildSpec;
import dev.moor.spec.EdgeSpec;
import dev.moor.spec.ResourcesSpec;
import dev.moor.spec.ServiceSpec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImagePreparerTest {
    @TempDir
    Path dir;

    private final FakeContainerRuntime runtime = new FakeContainerRuntime();
    private final List<String> told = new ArrayList<>();
    private final ImagePreparer preparer = new ImagePreparer(runtime, new ImagePreparer.BuildListener() {
        @Override
        public void pulling(String service, String image) {
            told.add("pulling " + service + " " + image);
        }

        @Override
        public void building(String service, String tag) {
            told.add("building " + service + " " + tag);
        }

        @Override
        public void progress(String service, String line) {
            told.add(service + " | " + line);
        }

        @Override
        public void upToDate(String service, String tag) {
            told.add("up to date " + service + " " + tag);
        }
    });

    @AfterEach
    void close() {
        runtime.close();
    }

    private AppSpec app(ServiceSpec service) {
        return new AppSpec(dir.resolve("moor.yaml"), "shop", Map.of(service.name(), service), Map.of(), List.of(), EdgeSpec.none());
    }

    private static ServiceSpec service(Optional<String> image, Optional<BuildSpec> build) {
        return new ServiceSpec("web", image, build, 1, Optional.empty(), "127.0.0.1", List.of(), Map.of(), List.of(),
                List.of(), ResourcesSpec.defaults(), List.of(), Optional.empty(), Duration.ofSeconds(1));
    }

    @Test
    void aBuiltServiceIsTaggedByItsContentAndNotRebuiltWhileUnchanged() throws IOException {
        Files.writeString(dir.resolve("Dockerfile"), "FROM scratch\n");
        AppSpec spec = app(service(Optional.of("web:dev"), Optional.of(new BuildSpec(dir, "Dockerfile", Map.of()))));

        PreparedImage prepared = preparer.prepare(spec, false).get("web");
        String first = prepared.reference();
        assertThat(first).startsWith("moor/shop-web:");
        assertThat(prepared.id()).isEqualTo(runtime.imageId(first).orElseThrow()).startsWith("sha256:");
        assertThat(runtime.builds()).singleElement().satisfies(b -> assertThat(b.tags()).containsExactly(first, "web:dev"));

        assertThat(preparer.prepare(spec, false).get("web")).isEqualTo(prepared);
        assertThat(runtime.builds()).hasSize(1);
        assertThat(told).contains("up to date web " + first);

        Files.writeString(dir.resolve("index.html"), "new content");
        assertThat(preparer.prepare(spec, false).get("web").reference()).isNotEqualTo(first);
        assertThat(runtime.builds()).hasSize(2);
    }

    @Test
    void aMissingImageIsPulledAndAPresentOneIsNot() {
        runtime.addToRegistry("nginx:1.25");
        AppSpec spec = app(service(Optional.of("nginx:1.25"), Optional.empty()));
        assertThat(preparer.prepare(spec, false).get("web").reference()).isEqualTo("nginx:1.25");
        assertThat(preparer.prepare(spec, false).get("web").id()).isEqualTo(runtime.imageId("nginx:1.25").orElseThrow());
        assertThat(runtime.pulls()).containsExactly("nginx:1.25");
        assertThat(told).contains("pulling web nginx:1.25");
    }

    @Test
    void pullPullsAnImageThatIsHereAlready() {
        runtime.addToRegistry("nginx:1.25");
        AppSpec spec = app(service(Optional.of("nginx:1.25"), Optional.empty()));
        preparer.prepare(spec, false);

        preparer.prepare(spec, true);

        assertThat(runtime.pulls()).containsExactly("nginx:1.25", "nginx:1.25");
    }

    @Test
    void anImageThatCannotBePulledNamesTheServiceAndTheCause() {
        assertThatThrownBy(() -> preparer.prepare(app(service(Optional.of("nowhere:1"), Optional.empty())), false))
                .isInstanceOf(ContainerRuntimeException.class)
                .hasMessageStartingWith("services.web: image nowhere:1 is not on the Docker engine and pulling it failed: ")
                .hasMessageContaining("repository does not exist");
    }
}

package dev.moor.docker;

import dev.moor.spec.AppSpec;
import dev.moor.spec.RouteSpec;
import dev.moor.spec.ServiceSpec;
import dev.moor.spec.SpecLoader;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Each example's moor.yaml is valid and describes what its README promises. */
class ExampleSpecsTest {

    private static final Path EXAMPLES = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent().resolve("examples");

    @Test
    void echoRunsThreeReplicasBehindTheEdge() throws Exception {
        AppSpec echo = SpecLoader.load(EXAMPLES.resolve("echo"));

        assertThat(echo.name()).isEqualTo("echo");
        ServiceSpec service = echo.service("echo").orElseThrow();
        assertThat(service.replicas()).isEqualTo(3);
        assertThat(service.port()).contains(8080);
        assertBuildsFromItsOwnDockerfile(service, EXAMPLES.resolve("echo"), Map.of());
        assertThat(echo.routes()).containsExactly(RouteSpec.to(Optional.empty(), "/", "echo", false));
        assertThat(echo.edge().listen()).contains(8080);
    }

    @Test
    void websiteRunsThreeReplicasBehindTheEdge() throws Exception {
        AppSpec website = SpecLoader.load(EXAMPLES.resolve("website"));

        ServiceSpec web = website.service("web").orElseThrow();
        assertThat(web.replicas()).isEqualTo(3);
        assertThat(web.port()).contains(8080);
        assertBuildsFromItsOwnDockerfile(web, EXAMPLES.resolve("website"), Map.of());
        RouteSpec plain = RouteSpec.to(Optional.empty(), "/", "web", false);
        assertThat(website.routes()).containsExactly(new RouteSpec(plain.host(), plain.pathPrefix(), plain.methods(),
                plain.headers(), plain.backends(), plain.stripPrefix(), plain.rewrite(), plain.timeouts(),
                plain.retries(), true, Optional.of(new RouteSpec.CacheSpec(java.time.Duration.ofDays(1)))));
    }

    @Test
    void shopRoutesEachPathToItsService() throws Exception {
        AppSpec shop = SpecLoader.load(EXAMPLES.resolve("shop"));

        for (String name : new String[] {"balance", "sales", "orders"}) {
            ServiceSpec service = shop.service(name).orElseThrow();
            assertBuildsFromItsOwnDockerfile(service, EXAMPLES.resolve("shop"), Map.of("SERVICE", name));
            assertThat(EXAMPLES.resolve("shop/data/" + name + ".json")).isRegularFile();
            assertThat(shop.routes()).contains(RouteSpec.to(Optional.empty(), "/" + name, name, true));
        }
        assertThat(shop.services()).hasSize(3);
        assertThat(shop.edge().listen()).contains(8080);
    }

    private static void assertBuildsFromItsOwnDockerfile(ServiceSpec service, Path example, Map<String, String> args) {
        var build = service.build().orElseThrow();
        assertThat(build.context()).isEqualTo(example);
        assertThat(build.args()).isEqualTo(args);
        assertThat(Files.isRegularFile(build.context().resolve(build.dockerfile()))).isTrue();
        assertThat(service.health()).isPresent();
    }
}

package dev.moor.server;

import dev.moor.server.CachePurgeRequest.Scope;
import dev.moor.spec.AppSpec;
import dev.moor.spec.SpecException;
import dev.moor.spec.SpecLoader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CachePurgeRequestTest {
    private static final Map<String, AppSpec> APPS = Map.of(
            "shop", app("shop", "routes: [{path: /, service: web, cache: true}, {path: /api, service: web}]"),
            "worker", app("worker", "routes: []"));

    private static AppSpec app(String name, String routes) {
        try {
            return SpecLoader.parse("app: " + name + "\nservices: {web: {image: web:1, port: 8080}}\n" + routes
                    + (routes.equals("routes: []") ? "\n" : "\nedge: {listen: 8080}\n"), Path.of("/" + name + "/moor.yaml"));
        } catch (SpecException e) {
            throw new AssertionError(e);
        }
    }

    private static Scope scope(String app, String target) {
        return new CachePurgeRequest(Optional.ofNullable(app), Optional.ofNullable(target))
                .scope(name -> Optional.ofNullable(APPS.get(name)));
    }

    private static Scope scope(Set<String> partitions, String scheme, String host, String pathPrefix) {
        return new Scope(partitions, Optional.ofNullable(scheme), Optional.ofNullable(host), pathPrefix);
    }

    @Test
    void nothingNamedIsEverythingAndAnAppIsEachOfItsRoutes() {
        assertThat(scope(null, null)).isEqualTo(scope(Set.of(), null, null, "/"));
        assertThat(scope(null, "  ")).isEqualTo(scope(Set.of(), null, null, "/"));
        assertThat(scope("shop", null)).isEqualTo(scope(Set.of("shop/routes[0]", "shop/routes[1]"), null, null, "/"));
    }

    @Test
    void aRouteIsItsPartitionWithTheAppGivenEitherWay() {
        assertThat(scope("shop", "routes[1]")).isEqualTo(scope(Set.of("shop/routes[1]"), null, null, "/"));
        assertThat(scope(null, "shop/routes[0]")).isEqualTo(scope(Set.of("shop/routes[0]"), null, null, "/"));
        assertThat(scope("shop", "shop/routes[0]")).isEqualTo(scope(Set.of("shop/routes[0]"), null, null, "/"));
    }

    @Test
    void pathsHostsAndUrlsArePrefixes() {
        assertThat(scope(null, "/blog/")).isEqualTo(scope(Set.of(), null, null, "/blog/"));
        assertThat(scope("shop", "/search?q=")).isEqualTo(
                scope(Set.of("shop/routes[0]", "shop/routes[1]"), null, null, "/search?q="));
        assertThat(scope(null, "www.example.com")).isEqualTo(scope(Set.of(), null, "www.example.com", "/"));
        assertThat(scope(null, "www.example.com:8080/blog/")).isEqualTo(
                scope(Set.of(), null, "www.example.com:8080", "/blog/"));
        assertThat(scope(null, "localhost")).isEqualTo(scope(Set.of(), null, "localhost", "/"));
        assertThat(scope(null, "[::1]:8080/x")).isEqualTo(scope(Set.of(), null, "[::1]:8080", "/x"));
        assertThat(scope(null, "HTTPS://www.example.com")).isEqualTo(scope(Set.of(), "https", "www.example.com", "/"));
        assertThat(scope(null, "http://www.example.com/blog/?page=2")).isEqualTo(
                scope(Set.of(), "http", "www.example.com", "/blog/?page=2"));
        assertThat(scope(null, "https://www.example.com?x")).isEqualTo(
                scope(Set.of(), "https", "www.example.com", "/?x"));
    }

    @Test
    void whatNamesNothingKnownIsRefusedWithWhatWasExpected() {
        assertThatThrownBy(() -> scope("blog", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("app blog: not on this server (expected: an app that moor apps lists)");
        assertThatThrownBy(() -> scope("worker", "/x"))
                .hasMessage("app worker: has no routes, so nothing of it is cached (expected: an app with routes:)");
        assertThatThrownBy(() -> scope(null, "routes[0]"))
                .hasMessage("route routes[0]: of which app? (expected: --app APP, or the route as APP/routes[0])");
        assertThatThrownBy(() -> scope("shop", "routes[2]"))
                .hasMessage("route routes[2]: app shop has 2 route(s) (expected: routes[0] to routes[1])");
        assertThatThrownBy(() -> scope("shop", "blog/routes[0]"))
                .hasMessage("route blog/routes[0]: of app blog, not of shop (expected: a route of the app given with "
                        + "--app)");
        for (String target : new String[] {"ftp://example.com/", "example.com/a b", "*.example.com", "routes[x]"}) {
            assertThatThrownBy(() -> scope(null, target)).as(target)
                    .hasMessageStartingWith("target: " + target + " (expected: a route such as routes[0]");
        }
    }
}

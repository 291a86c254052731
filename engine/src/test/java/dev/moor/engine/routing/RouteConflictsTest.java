package dev.moor.engine.routing;

import dev.moor.spec.AppSpec;
import dev.moor.spec.CertificateSpec;
import dev.moor.spec.EdgeSpec;
import dev.moor.spec.HttpsSpec;
import dev.moor.spec.RouteSpec;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RouteConflictsTest {
    private static AppSpec app(String name, int port, RouteSpec... routes) {
        return new AppSpec(Path.of("/" + name + "/moor.yaml"), name, Map.of(), Map.of(), List.of(routes),
                EdgeSpec.listening(Optional.of(port)));
    }

    private static RouteSpec route(String host, String path) {
        return RouteSpec.to(Optional.ofNullable(host), path, "web", false);
    }

    private static RouteSpec route(String host, String path, Set<String> methods, Map<String, String> headers) {
        return new RouteSpec(Optional.ofNullable(host), path, methods, headers,
                List.of(new RouteSpec.BackendSpec("web", 1)), false, Optional.empty(), RouteSpec.Timeouts.DEFAULT, 2);
    }

    @Test
    void appsToldApartByHostShareAPort() {
        AppSpec shop = app("shop", 8080, route("shop.example.com", "/"));
        AppSpec blog = app("blog", 8080, route("blog.example.com", "/"));

        assertThat(RouteConflicts.between(blog, List.of(shop))).isEmpty();
    }

    @Test
    void theSameHostAndPathOnOnePortCollideAndTheMessageNamesBothAppsRoutesAndThePort() {
        AppSpec shop = app("shop", 8080, route("shop.example.com", "/"), route(null, "/api"));
        AppSpec copy = app("copy", 8080, route("shop.example.com", "/"));

        assertThat(RouteConflicts.between(copy, List.of(shop))).containsExactly(
                "routes[0] (host shop.example.com, path /) collides with routes[0] (host shop.example.com, path /) of app"
                        + " shop on port 8080: some requests would match both (expected: another host, or a path prefix"
                        + " that neither covers the other's nor lies under it)",
                "routes[0] (host shop.example.com, path /) collides with routes[1] (host any, path /api) of app shop on"
                        + " port 8080: some requests would match both (expected: another host, or a path prefix that"
                        + " neither covers the other's nor lies under it)");
    }

    @Test
    void otherPortsAndTheAppsOwnEarlierVersionNeverCollide() {
        AppSpec shop = app("shop", 8080, route(null, "/"));

        assertThat(RouteConflicts.between(app("blog", 8081, route(null, "/")), List.of(shop))).isEmpty();
        assertThat(RouteConflicts.between(app("shop", 8080, route(null, "/")), List.of(shop))).isEmpty();
    }

    @Test
    void aLongerPrefixUnderAnotherAppsPathCollidesButSiblingPrefixesDoNot() {
        AppSpec shop = app("shop", 8080, route(null, "/shop"));

        assertThat(RouteConflicts.between(app("api", 8080, route(null, "/shop/api")), List.of(shop))).hasSize(1);
        assertThat(RouteConflicts.between(app("root", 8080, route(null, "/")), List.of(shop))).hasSize(1);
        assertThat(RouteConflicts.between(app("shops", 8080, route(null, "/shops")), List.of(shop))).isEmpty();
        assertThat(RouteConflicts.between(app("blog", 8080, route(null, "/blog")), List.of(shop))).isEmpty();
    }

    @Test
    void wildcardsCoverTheirSubdomains() {
        assertThat(RouteConflicts.hostsOverlap(Optional.of("*.example.com"), Optional.of("a.example.com"))).isTrue();
        assertThat(RouteConflicts.hostsOverlap(Optional.of("*.example.com"), Optional.of("example.com"))).isFalse();
        assertThat(RouteConflicts.hostsOverlap(Optional.of("*.example.com"), Optional.of("*.a.example.com"))).isTrue();
        assertThat(RouteConflicts.hostsOverlap(Optional.of("*.example.com"), Optional.of("*.example.org"))).isFalse();
        assertThat(RouteConflicts.hostsOverlap(Optional.of("A.example.com"), Optional.of("a.EXAMPLE.com"))).isTrue();
        assertThat(RouteConflicts.hostsOverlap(Optional.empty(), Optional.of("a.example.com"))).isTrue();
    }

    @Test
    void disjointMethodsOrHeaderValuesTellRoutesApart() {
        AppSpec reads = app("reads", 8080, route(null, "/", Set.of("GET"), Map.of()));
        AppSpec canary = app("canary", 8080, route(null, "/", Set.of(), Map.of("x-canary", "1")));

        assertThat(RouteConflicts.between(app("writes", 8080, route(null, "/", Set.of("POST"), Map.of())), List.of(reads)))
                .isEmpty();
        assertThat(RouteConflicts.between(app("stable", 8080, route(null, "/", Set.of(), Map.of("x-canary", "0"))),
                List.of(canary))).isEmpty();
        assertThat(RouteConflicts.between(app("any", 8080, route(null, "/", Set.of(), Map.of())), List.of(canary)))
                .hasSize(1);
    }

    private static AppSpec https(AppSpec app, String... hosts) {
        return new AppSpec(app.source(), app.name(), Map.of(), Map.of(), app.routes(), new EdgeSpec(app.edge().listen(),
                EdgeSpec.Balancing.P2C, Optional.of(new HttpsSpec(List.of(hosts), new CertificateSpec.Development(), true,
                Optional.empty()))));
    }

    @Test
    void aHostIsServedOverHttpsByOneAppOnly() {
        AppSpec shop = https(app("shop", 8080, route(null, "/shop")), "www.example.com");
        AppSpec blog = https(app("blog", 8080, route(null, "/blog")), "blog.example.com", "www.example.com");

        assertThat(RouteConflicts.between(blog, List.of(shop))).containsExactly("edge.https.hosts[1]: www.example.com"
                + " is served over HTTPS by app shop too (expected: a host no other app serves over HTTPS: each host"
                + " has one certificate)");
        assertThat(RouteConflicts.between(https(app("blog", 8080, route(null, "/blog")), "blog.example.com"),
                List.of(shop))).isEmpty();
    }

    @Test
    void appsOnTwoPlainPortsCollideOverHttpsWhereTheirHttpsRoutesWouldMatchTheSameRequests() {
        AppSpec shop = https(app("shop", 8080, route(null, "/")), "*.example.com");
        AppSpec blog = https(app("blog", 8081, route("blog.example.com", "/")), "blog.example.com");
        AppSpec api = https(app("api", 8081, route("api.example.com", "/v1")), "api.example.com");

        assertThat(RouteConflicts.between(blog, List.of(shop))).containsExactly("routes[0] (host blog.example.com, path"
                + " /) collides over HTTPS with routes[0] (host any, path /) of app shop: some HTTPS requests would"
                + " match both (expected: another host, or a path prefix that neither covers the other's nor lies under"
                + " it)");
        assertThat(RouteConflicts.between(api, List.of(https(app("shop", 8080, route("www.example.com", "/")),
                "*.example.com")))).as("the HTTPS routes are the routes' hosts where they meet the HTTPS hosts")
                .isEmpty();
    }
}

package dev.moor.edge;

import dev.moor.snapshot.SnapshotProblem;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.List;

import static dev.moor.edge.Snapshots.cluster;
import static dev.moor.edge.Snapshots.route;
import static dev.moor.edge.Snapshots.snapshot;
import static dev.moor.edge.Snapshots.withHost;
import static dev.moor.edge.Snapshots.withRewrite;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(NettyLeaks.class)
class RoutingThroughEdgeTest {
    @RegisterExtension
    final Backend api = new Backend("api");
    @RegisterExtension
    final Backend web = new Backend("web");
    @RegisterExtension
    final Backend shop = new Backend("shop");
    @RegisterExtension
    final Edge edge = new Edge(2);

    private void routeAll() {
        List<SnapshotProblem> problems = edge.update(snapshot(List.of(
                        route("web", "/", "web"),
                        route("api", "/api", "api"),
                        withRewrite(route("strip", "/strip", "api"), "/"),
                        withRewrite(route("old", "/old", "api"), "/v2"),
                        withHost(route("shop", "/", "shop"), "shop.example.com"),
                        withHost(route("wild", "/", "api"), "*.apps.example.com")),
                cluster("web", web.endpoint()), cluster("api", api.endpoint()), cluster("shop", shop.endpoint())));
        assertThat(problems).isEmpty();
    }

    @Test
    void longestPrefixWinsAndThePathGoesUpUnchanged() {
        routeAll();

        HttpResponse<String> response = edge.get("/api/orders/7?full=1");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("api");
        assertThat(api.lastRequest().uri).isEqualTo("/api/orders/7?full=1");
        assertThat(edge.get("/apix").body()).isEqualTo("web");
        assertThat(edge.get("/").body()).isEqualTo("web");
        assertThat(web.requests()).extracting(r -> r.uri).containsExactly("/apix", "/");
    }

    @Test
    void prefixIsStrippedOrRewrittenKeepingTheQuery() {
        routeAll();

        assertThat(edge.get("/strip/a/b?x=1&y=2").body()).isEqualTo("api");
        assertThat(api.lastRequest().uri).isEqualTo("/a/b?x=1&y=2");
        edge.get("/strip");
        assertThat(api.lastRequest().uri).isEqualTo("/");
        edge.get("/old/items?page=2");
        assertThat(api.lastRequest().uri).isEqualTo("/v2/items?page=2");
    }

    @Test
    void hostsMatchExactlyOrByWildcardAndHostGoesUpAsReceived() {
        routeAll();
        String url = "http://127.0.0.1:" + edge.port() + "/cart";

        Curl.Result exact = Curl.run("-H", "Host: Shop.Example.com:8443", url);
        Curl.Result wildcard = Curl.run("-H", "Host: eu.apps.example.com", url);
        Curl.Result other = Curl.run("-H", "Host: elsewhere.test", url);

        assertThat(exact.body()).isEqualTo("shop");
        assertThat(shop.lastRequest().headers.get("Host")).isEqualTo("Shop.Example.com:8443");
        assertThat(wildcard.body()).isEqualTo("api");
        assertThat(api.lastRequest().headers.get("Host")).isEqualTo("eu.apps.example.com");
        assertThat(other.body()).isEqualTo("web");
    }

    @Test
    void absoluteFormTargetRoutesByItsAuthority() throws Exception {
        routeAll();
        try (RawHttp raw = new RawHttp(edge.port())) {
            String response = raw.send("GET http://shop.example.com/cart?q=1 HTTP/1.1\r\nHost: ignored.test\r\n\r\n")
                    .readResponses(1);

            assertThat(response).startsWith("HTTP/1.1 200").endsWith("shop");
        }
        assertThat(shop.lastRequest().uri).isEqualTo("/cart?q=1");
        assertThat(shop.lastRequest().headers.get("Host")).isEqualTo("shop.example.com");
    }

    @Test
    void noRouteIs404WithTheRequestId() {
        edge.update(snapshot(List.of(route("api", "/api", "api")), cluster("api", api.endpoint())));

        HttpResponse<String> response = edge.get("/nothing/here");

        assertThat(response.statusCode()).isEqualTo(404);
        String id = response.headers().firstValue("x-request-id").orElseThrow();
        assertThat(id).matches("[0-9a-f]{32}");
        assertThat(response.body()).contains("\"status\":404").contains("\"request_id\":\"" + id + "\"");
        assertThat(api.requests()).isEmpty();
    }
}

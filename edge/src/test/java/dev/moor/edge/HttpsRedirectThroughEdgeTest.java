package dev.moor.edge;

import dev.moor.snapshot.HttpsRedirect;
import dev.moor.snapshot.Route;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.moor.edge.Snapshots.cluster;
import static dev.moor.edge.Snapshots.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

/** A plain route's redirect of its HTTPS hosts, and HSTS on answers, as filters of a real edge. */
@ExtendWith(NettyLeaks.class)
class HttpsRedirectThroughEdgeTest {
    @RegisterExtension
    final Backend backend = new Backend("from the backend");
    @RegisterExtension
    final Edge edge = new Edge(1);

    private void serve(Optional<HttpsRedirect> redirect, Optional<Duration> hsts) {
        Route route = Snapshots.route("r", "/", "app/web");
        assertThat(edge.update(snapshot(List.of(new Route("r", Optional.empty(), "/", Set.of(), Map.of(), Optional.empty(),
                route.backends(), route.timeouts(), route.retry(), Route.ANY_PORT, Optional.empty(), redirect, hsts)),
                cluster("app/web", backend.endpoint())))).isEmpty();
    }

    @Test
    void requestsForAnHttpsHostAreRedirectedWithTheirPathAndQueryAndOthersAreProxied() throws Exception {
        serve(Optional.of(new HttpsRedirect(8443, List.of("www.example.com", "*.shop.test"))), Optional.empty());

        try (RawHttp raw = new RawHttp(edge.port())) {
            // Answered before its body was read, the request's connection closes: the body is not taken for a request.
            assertThat(raw.send("POST /cart?item=3 HTTP/1.1\r\nHost: WWW.example.com:8080\r\nContent-Length: 2\r\n\r\nhi")
                    .readUntilClosed()).startsWith("HTTP/1.1 308 Permanent Redirect\r\n")
                    .contains("location: https://WWW.example.com:8443/cart?item=3\r\n");
        }
        try (RawHttp raw = new RawHttp(edge.port())) {
            assertThat(raw.send("GET http://a.shop.test/x HTTP/1.1\r\nHost: a.shop.test\r\nConnection: close\r\n\r\n")
                    .readUntilClosed()).contains("location: https://a.shop.test:8443/x\r\n");
        }
        assertThat(edge.get("/other").body()).isEqualTo("from the backend");
        assertThat(backend.requests()).hasSize(1);
    }

    @Test
    void answersGetTheHstsHeaderUnlessTheUpstreamSetItsOwn() {
        serve(Optional.empty(), Optional.of(Duration.ofDays(365)));

        assertThat(edge.get("/").headers().allValues("strict-transport-security")).containsExactly("max-age=31536000");

        backend.respond(Backend.raw("HTTP/1.1 200 OK\r\nstrict-transport-security: max-age=60\r\ncontent-length: 0\r\n\r\n"));
        assertThat(edge.get("/").headers().allValues("strict-transport-security")).containsExactly("max-age=60");
    }
}

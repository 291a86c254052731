package dev.moor.edge;

import dev.moor.snapshot.CanaryRouting;
import dev.moor.snapshot.EdgeSnapshot;
import dev.moor.snapshot.Route;
import dev.moor.snapshot.SnapshotProblem;
import dev.moor.snapshot.WeightedCluster;

import io.netty.handler.codec.http2.Http2Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static dev.moor.edge.Snapshots.cluster;
import static dev.moor.edge.Snapshots.route;
import static dev.moor.edge.Snapshots.snapshot;
import static dev.moor.edge.Snapshots.withBackends;
import static dev.moor.edge.Snapshots.withCanary;
import static org.assertj.core.api.Assertions.assertThat;

/** A route running a canary, through a real edge to a stable and a canary backend. */
@ExtendWith(NettyLeaks.class)
class CanaryRoutingTest {
    private static final String COOKIE = "moor-canary";
    private static final String ATTRIBUTES = "; Path=/; HttpOnly; SameSite=Lax";

    @RegisterExtension
    final Backend stable = new Backend("stable");
    @RegisterExtension
    final Backend canary = new Backend("canary");
    @RegisterExtension
    final Edge edge = new Edge(2);

    /** Route "/" to the clusters "shop/stable" and "shop/canary" with these weights, canary version r7. */
    private EdgeSnapshot canaryRun(int stableWeight, int canaryWeight, Optional<String> cookie, boolean canaryServes) {
        Route route = withCanary(withBackends(route("shop", "/", "shop/stable"),
                        new WeightedCluster("shop/stable", stableWeight), new WeightedCluster("shop/canary", canaryWeight)),
                new CanaryRouting("shop/stable", "shop/canary", "r7", CanaryRouting.DEFAULT_HEADER, cookie));
        return snapshot(List.of(route), cluster("shop/stable", stable.endpoint()),
                canaryServes ? cluster("shop/canary", canary.endpoint()) : cluster("shop/canary"));
    }

    private HttpResponse<String> get(String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(edge.uri("/")).timeout(Duration.ofSeconds(20));
        if (headers.length > 0) {
            request.headers(headers);
        }
        HttpResponse<String> response = edge.send(request.build());
        assertThat(response.statusCode()).isEqualTo(200);
        return response;
    }

    private static Optional<String> setCookie(HttpResponse<String> response) {
        assertThat(response.headers().allValues("set-cookie")).hasSizeLessThanOrEqualTo(1);
        return response.headers().firstValue("set-cookie");
    }

    @Test
    void theHeaderSendsARequestToTheSideItNamesInAnyCase() {
        edge.update(canaryRun(1, 0, Optional.empty(), true));

        assertThat(get().body()).isEqualTo("stable");
        assertThat(get("x-moor-canary", "always").body()).isEqualTo("canary");
        assertThat(get("X-Moor-Canary", "ALWAYS").body()).isEqualTo("canary");
        assertThat(get("x-moor-canary", "Never").body()).isEqualTo("stable");
        assertThat(get("x-moor-canary", "sometimes").body()).isEqualTo("stable");
        // No cookie asked for, none given.
        assertThat(setCookie(get("x-moor-canary", "always"))).isEmpty();
    }

    @Test
    void aClientWithoutTheCookieIsGivenOneForTheSideThatServedIt() {
        edge.update(canaryRun(1, 0, Optional.of(COOKIE), true));

        HttpResponse<String> byWeight = get();
        assertThat(byWeight.body()).isEqualTo("stable");
        assertThat(setCookie(byWeight)).hasValue(COOKIE + "=stable-r7" + ATTRIBUTES);
        HttpResponse<String> byHeader = get("x-moor-canary", "always");
        assertThat(byHeader.body()).isEqualTo("canary");
        assertThat(setCookie(byHeader)).hasValue(COOKIE + "=canary-r7" + ATTRIBUTES);
    }

    @Test
    void theCookieKeepsAClientOnItsSideAndIsNotSetAgain() {
        edge.update(canaryRun(1, 0, Optional.of(COOKIE), true));

        HttpResponse<String> kept = get("cookie", "theme=dark; " + COOKIE + "=canary-r7; lang=en");
        assertThat(kept.body()).isEqualTo("canary");
        assertThat(setCookie(kept)).isEmpty();
        assertThat(canary.lastRequest().headers.get("cookie")).isEqualTo("theme=dark; " + COOKIE + "=canary-r7; lang=en");

        edge.update(canaryRun(0, 1, Optional.of(COOKIE), true));
        HttpResponse<String> keptStable = get("cookie", COOKIE + "=\"stable-r7\"");
        assertThat(keptStable.body()).isEqualTo("stable");
        assertThat(setCookie(keptStable)).isEmpty();
    }

    @Test
    void aCookieOfAnotherCanaryIsIgnoredAndReplaced() {
        edge.update(canaryRun(1, 0, Optional.of(COOKIE), true));

        HttpResponse<String> response = get("cookie", COOKIE + "=canary-r6; " + COOKIE + "x=canary-r7");

        assertThat(response.body()).isEqualTo("stable");
        assertThat(setCookie(response)).hasValue(COOKIE + "=stable-r7" + ATTRIBUTES);
    }

    @Test
    void theHeaderWinsOverTheCookie() {
        edge.update(canaryRun(1, 0, Optional.of(COOKIE), true));

        HttpResponse<String> response = get("cookie", COOKIE + "=canary-r7", "x-moor-canary", "never");

        assertThat(response.body()).isEqualTo("stable");
        assertThat(setCookie(response)).as("the client carried a valid cookie").isEmpty();
    }

    @Test
    void aSideWithoutEndpointsSendsItsRequestsToTheOther() {
        edge.update(canaryRun(1, 1, Optional.of(COOKIE), false));

        HttpResponse<String> asked = get("x-moor-canary", "always");
        assertThat(asked.body()).isEqualTo("stable");
        assertThat(setCookie(asked)).hasValue(COOKIE + "=stable-r7" + ATTRIBUTES);
        assertThat(get("cookie", COOKIE + "=canary-r7").body()).isEqualTo("stable");
        for (int i = 0; i < 20; i++) {
            assertThat(get().body()).isEqualTo("stable");
        }
        assertThat(canary.requests()).isEmpty();
    }

    @Test
    void requestsThatChooseNoSideAreSharedByWeightAndTheCookieNamesTheSideThatServed() {
        edge.update(canaryRun(1, 1, Optional.of(COOKIE), true));

        for (int i = 0; i < 100; i++) {
            HttpResponse<String> response = get();
            assertThat(setCookie(response)).hasValue(COOKIE + "=" + response.body() + "-r7" + ATTRIBUTES);
        }

        // 50 each expected; 20 is 6 standard deviations below.
        assertThat(stable.requests().size()).isGreaterThan(20);
        assertThat(canary.requests().size()).isGreaterThan(20);
    }

    @Test
    void aCanaryWhoseSideIsNotABackendOfItsRouteIsRefused() {
        Route broken = withCanary(route("shop", "/", "shop/stable"), new CanaryRouting("shop/stable", "shop/canary",
                "r7", CanaryRouting.DEFAULT_HEADER, Optional.of(COOKIE)));

        List<SnapshotProblem> problems = edge.update(snapshot(List.of(broken), cluster("shop/stable", stable.endpoint()),
                cluster("shop/canary", canary.endpoint())));

        assertThat(problems).extracting(SnapshotProblem::render)
                .containsExactly("shop: canary.canaryCluster: shop/canary (expected: one of the route's backends)");
        assertThat(edge.get("/").statusCode()).isEqualTo(404);
    }

    @Test
    void http2ResponsesCarryTheCookieToo() {
        edge.update(canaryRun(1, 0, Optional.of(COOKIE), true));
        String authority = "127.0.0.1:" + edge.port();
        try (H2Client client = new H2Client(edge.port())) {
            H2Client.Stream asked = client.open();
            asked.headers(H2Client.request("GET", "/", authority).add("x-moor-canary", "always"), true);
            H2Client.Response canaryResponse = asked.await();
            assertThat(canaryResponse.body()).isEqualTo("canary");
            assertThat(canaryResponse.headers().getAll("set-cookie")).extracting(CharSequence::toString)
                    .containsExactly(COOKIE + "=canary-r7" + ATTRIBUTES);

            // HTTP/2 lets a client split its cookies into several fields (RFC 9113 §8.2.3).
            H2Client.Stream kept = client.open();
            Http2Headers crumbs = H2Client.request("GET", "/", authority).add("cookie", "theme=dark")
                    .add("cookie", COOKIE + "=canary-r7");
            kept.headers(crumbs, true);
            H2Client.Response keptResponse = kept.await();
            assertThat(keptResponse.body()).isEqualTo("canary");
            assertThat(keptResponse.headers().contains("set-cookie")).isFalse();

            H2Client.Response byWeight = client.get("/", authority).await();
            assertThat(byWeight.body()).isEqualTo("stable");
            assertThat(byWeight.headers().get("set-cookie").toString()).isEqualTo(COOKIE + "=stable-r7" + ATTRIBUTES);
        }
    }
}

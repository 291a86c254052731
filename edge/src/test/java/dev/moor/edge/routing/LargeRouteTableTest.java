package dev.moor.edge.routing;

import dev.moor.snapshot.Route;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static dev.moor.edge.routing.RouteTableTest.headers;
import static org.assertj.core.api.Assertions.assertThat;

class LargeRouteTableTest {
    private static final Set<String> CLUSTERS = Set.of("web", "api");
    private static final List<Route> ROUTES = RouteSets.of(10_000);
    private static final RouteTable TABLE = RouteTable.compile(ROUTES, CLUSTERS);

    @Test
    void tenThousandRoutesCompileWithoutProblems() {
        assertThat(ROUTES).hasSize(10_000);
        assertThat(TABLE.problems()).isEmpty();
    }

    @Test
    void theAimedAtRoutesStillWinAmongTenThousand() {
        assertThat(id("shop.example.com:8080", "/api/v1/orders/items/12345/detail", "GET", EmptyHttpHeaders.INSTANCE))
                .isEqualTo("deep");
        assertThat(id("SHOP.example.com", "/api/v1/orders/7", "POST", EmptyHttpHeaders.INSTANCE)).isEqualTo("orders-post");
        assertThat(id("shop.example.com", "/api/v1/orders/7", "GET", headers("x-canary", "1"))).isEqualTo("canary");
        assertThat(id("shop.example.com", "/api/v1/orders/7", "GET", EmptyHttpHeaders.INSTANCE)).isEqualTo("shop-api");
        assertThat(id("a.b.tenants.example.com", "/app/dashboard/7", "GET", EmptyHttpHeaders.INSTANCE)).isEqualTo("tenant");
        assertThat(id("svc4.example.com", "/svc4/v1/res/x", "GET", EmptyHttpHeaders.INSTANCE)).isEqualTo("svc-4");
        assertThat(id("svc4.example.com", "/svc8/v2/res/x", "GET", EmptyHttpHeaders.INSTANCE)).isNull();
        assertThat(id("x.t5.example.com", "/w5/x/y", "GET", EmptyHttpHeaders.INSTANCE)).isEqualTo("wild-5");
        assertThat(id("unknown.example.org", "/nothing/here/at/all", "GET", EmptyHttpHeaders.INSTANCE)).isNull();
        assertThat(TABLE.match("h", "/legacy/api/users/1", "GET", EmptyHttpHeaders.INSTANCE).upstreamPath())
                .isEqualTo("/v2/users/1");
    }

    @Test
    void agreesWithTheLinearScanOnRequestsAroundEveryKindOfRoute() {
        ReferenceMatcher reference = new ReferenceMatcher(ROUTES, CLUSTERS);
        Random random = new Random(42);
        String[] tails = {"", "/", "/x", "/x/y/z", "x", "/..", "/%2e%2e/x"};
        String[] methods = {"GET", "POST", "DELETE"};
        for (int i = 0; i < 3_000; i++) {
            Route route = ROUTES.get(random.nextInt(ROUTES.size()));
            String host = route.host().map(h -> h.startsWith("*.") ? "n" + random.nextInt(3) + h.substring(1) : h)
                    .orElse(random.nextBoolean() ? "shop.example.com" : "svc" + random.nextInt(600) + ".example.com");
            if (random.nextInt(5) == 0) {
                host = host.toUpperCase() + ":" + (8000 + random.nextInt(100));
            }
            String prefix = random.nextInt(10) == 0 ? ROUTES.get(random.nextInt(ROUTES.size())).pathPrefix() : route.pathPrefix();
            String path = prefix + tails[random.nextInt(tails.length)];
            String method = methods[random.nextInt(methods.length)];
            HttpHeaders headers = random.nextBoolean() ? headers("x-canary", "1") : EmptyHttpHeaders.INSTANCE;
            assertThat(TABLE.match(host, path, method, headers)).as("%s %s %s", host, path, method)
                    .isEqualTo(reference.match(host, path, method, headers));
        }
    }

    @Test
    void aLookupAllocatesOnlyTheMatchAndTheRewrittenPath() {
        // Compressed oops: a RouteMatch is 24 bytes, "/users/1" as a String 48, "/v2/users/1" 56.
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        HttpHeaders headers = headers("x-other", "1");
        int lookups = 200_000;
        long[] perLookup = new long[3];
        String[][] requests = {
                {"unknown.example.org", "/nothing/here/at/all"},
                {"Shop.Example.com:8080", "/api/v1/orders/items/12345/detail"},
                {"h", "/legacy/api/users/1"}};
        for (int round = 0; round < 3; round++) {   // the last round runs compiled code
            for (int r = 0; r < requests.length; r++) {
                long before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < lookups; i++) {
                    TABLE.match(requests[r][0], requests[r][1], "GET", headers);
                }
                perLookup[r] = (threads.getCurrentThreadAllocatedBytes() - before) / lookups;
            }
        }
        assertThat(perLookup[0]).as("a miss").isZero();
        assertThat(perLookup[1]).as("a hit: one RouteMatch").isLessThanOrEqualTo(32);
        assertThat(perLookup[2]).as("a hit with a rewrite: the RouteMatch, the rest of the path and the new path")
                .isLessThanOrEqualTo(24 + 48 + 56);
    }

    private static String id(String host, String path, String method, HttpHeaders headers) {
        RouteMatch match = TABLE.match(host, path, method, headers);
        return match == null ? null : match.route().id();
    }
}

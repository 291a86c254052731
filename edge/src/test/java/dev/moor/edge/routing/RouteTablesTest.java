package dev.moor.edge.routing;

import dev.moor.snapshot.SnapshotProblem;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Set;

import static dev.moor.edge.routing.RouteSpec.route;
import static org.assertj.core.api.Assertions.assertThat;

class RouteTablesTest {
    private static final Set<String> CLUSTERS = Set.of("web", "api");

    private static RouteTables tables(RouteSpec... routes) {
        return RouteTables.compile(Arrays.stream(routes).map(RouteSpec::build).toList(), CLUSTERS);
    }

    private static String matched(RouteTables tables, int port, String path) {
        RouteMatch match = tables.forPort(port).match("shop.example.com", path, "GET", EmptyHttpHeaders.INSTANCE);
        return match == null ? null : match.route().id();
    }

    @Test
    void aPortServesItsRoutesAndTheRoutesOfEveryPort() {
        RouteTables tables = tables(route("shop").port(8080), route("blog").port(8081), route("health").prefix("/health"));

        assertThat(tables.problems()).isEmpty();
        assertThat(matched(tables, 8080, "/cart")).isEqualTo("shop");
        assertThat(matched(tables, 8081, "/post")).isEqualTo("blog");
        assertThat(matched(tables, 8080, "/health")).isEqualTo("health");
        assertThat(matched(tables, 8081, "/health/live")).isEqualTo("health");
        assertThat(matched(tables, 9999, "/health")).as("a port no route names").isEqualTo("health");
        assertThat(matched(tables, 9999, "/cart")).isNull();
    }

    @Test
    void declarationOrderStillDecidesTiesBetweenAPortsRoutesAndTheRoutesOfEveryPort() {
        RouteTables anyFirst = tables(route("any").methods("GET"), route("shop").port(8080).methods("GET", "POST"));
        RouteTables shopFirst = tables(route("shop").port(8080).methods("GET", "POST"), route("any").methods("GET"));

        assertThat(matched(anyFirst, 8080, "/")).isEqualTo("any");
        assertThat(matched(shopFirst, 8080, "/")).isEqualTo("shop");
    }

    @Test
    void theSameRouteOnTwoPortsIsNoDuplicate() {
        RouteTables tables = tables(route("shop").port(8080), route("shop-tls").port(8443));

        assertThat(tables.problems()).isEmpty();
        assertThat(matched(tables, 8080, "/")).isEqualTo("shop");
        assertThat(matched(tables, 8443, "/")).isEqualTo("shop-tls");
    }

    @Test
    void duplicatesOnAPortInCommonAreSkippedEverywhere() {
        RouteTables tables = tables(route("shop").port(8080), route("again").port(8080), route("any"),
                route("blog").port(8081).prefix("/blog"), route("late").prefix("/blog"));

        assertThat(tables.problems()).extracting(SnapshotProblem::render).containsExactly(
                "again: duplicates shop (same host, path prefix, methods and headers, on port 8080)",
                "any: duplicates shop (same host, path prefix, methods and headers, on port 8080)",
                "late: duplicates blog (same host, path prefix, methods and headers, on port 8081)");
        assertThat(matched(tables, 8080, "/")).isEqualTo("shop");
        assertThat(matched(tables, 9999, "/")).as("a skipped route serves no port").isNull();
        assertThat(matched(tables, 9999, "/blog")).isNull();
    }

    @Test
    void aBrokenRouteIsReportedOnceWhateverThePortsItWouldServe() {
        RouteTables tables = tables(route("ghost").backends(new dev.moor.snapshot.WeightedCluster("nowhere", 1)),
                route("shop").port(8080), route("blog").port(8081));

        assertThat(tables.problems()).extracting(SnapshotProblem::render)
                .containsExactly("ghost: backend nowhere: no such cluster");
    }
}

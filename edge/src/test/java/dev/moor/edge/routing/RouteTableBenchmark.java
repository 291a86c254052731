package dev.moor.edge.routing;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Route lookups as the proxy makes them, in tables of 10 to 10,000 routes: the time per lookup must not grow
 * with the route count. Run with {@code bench/jmh.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RouteTableBenchmark {
    @Param({"10", "1000", "10000"})
    public int routes;

    private RouteTable table;
    private HttpHeaders headers;
    // Fields rather than constants, so the JIT cannot fold a lookup away.
    private String shopHost = "shop.example.com:8080";
    private String deepPath = "/api/v1/orders/items/12345/detail";
    private String unknownHost = "unknown.example.org";
    private String unknownPath = "/nothing/here/at/all";
    private String tenantHost = "a.b.tenants.example.com";
    private String tenantPath = "/app/dashboard/7";
    private String legacyPath = "/legacy/api/users/1";
    private String method = "GET";

    @Setup
    public void compile() {
        table = RouteTable.compile(RouteSets.of(routes), Set.of("web", "api"));
        if (!table.problems().isEmpty()) {
            throw new IllegalStateException("route set has problems: " + table.problems());
        }
        headers = new DefaultHttpHeaders()
                .add("host", shopHost)
                .add("user-agent", "wrk")
                .add("accept", "*/*")
                .add("x-request-id", "5b8e0c1f2a3d4e5f");
    }

    /** An exact host and a five-segment path whose route is four segments deep. */
    @Benchmark
    public RouteMatch deepHit() {
        return table.match(shopHost, deepPath, method, headers);
    }

    /** A host no route names and a path no any-host route covers. */
    @Benchmark
    public RouteMatch miss() {
        return table.match(unknownHost, unknownPath, method, headers);
    }

    /** A host matched by a wildcard two labels up. */
    @Benchmark
    public RouteMatch wildcardHost() {
        return table.match(tenantHost, tenantPath, method, headers);
    }

    /** A hit whose prefix is rewritten: the new path is allocated. */
    @Benchmark
    public RouteMatch rewrite() {
        return table.match(unknownHost, legacyPath, method, headers);
    }
}

package dev.moor.edge.routing;

import dev.moor.snapshot.RetryPolicy;
import dev.moor.snapshot.Route;
import dev.moor.snapshot.SnapshotProblem;
import dev.moor.snapshot.Timeouts;
import dev.moor.snapshot.WeightedCluster;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** RouteTable against {@link ReferenceMatcher} on random route sets and requests over a small vocabulary. */
class RouteTableProperties {
    private static final Set<String> CLUSTERS = Set.of("web", "api");

    record Request(String host, String path, String method, List<Map.Entry<String, String>> headerLines) {
        HttpHeaders headers() {
            HttpHeaders headers = new DefaultHttpHeaders();
            headerLines.forEach(line -> headers.add(line.getKey(), line.getValue()));
            return headers;
        }
    }

    @Property(tries = 2000)
    void matchesLikeTheLiteralReading(@ForAll("routeSets") List<Route> routes, @ForAll("requests") List<Request> requests) {
        RouteTable table = RouteTable.compile(routes, CLUSTERS);
        ReferenceMatcher reference = new ReferenceMatcher(routes, CLUSTERS);
        for (Request request : requests) {
            HttpHeaders headers = request.headers();
            assertThat(table.match(request.host(), request.path(), request.method(), headers))
                    .as("%s among %s", request, routes)
                    .isEqualTo(reference.match(request.host(), request.path(), request.method(), headers));
        }
    }

    @Property(tries = 500)
    void reportsExactlyTheRoutesItSkips(@ForAll("routeSets") List<Route> routes) {
        RouteTable table = RouteTable.compile(routes, CLUSTERS);
        List<String> usable = new ReferenceMatcher(routes, CLUSTERS).usableIds();
        List<String> skipped = routes.stream().map(Route::id).filter(id -> !usable.contains(id)).toList();
        assertThat(table.problems().stream().map(SnapshotProblem::where).distinct().toList()).isEqualTo(skipped);
    }

    @Provide
    Arbitrary<List<Route>> routeSets() {
        return routeWithoutId().list().ofMaxSize(30).map(routes -> IntStream.range(0, routes.size())
                .mapToObj(i -> routes.get(i).apply("r" + i)).toList());
    }

    private interface RouteOfId {
        Route apply(String id);
    }

    private Arbitrary<RouteOfId> routeWithoutId() {
        Arbitrary<Optional<String>> host = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.just(Optional.<String>empty())),
                net.jqwik.api.Tuple.of(8, Arbitraries.of("shop.example.com", "Shop.Example.COM", "a.example.com",
                        "*.example.com", "*.a.example.com", "*.b.a.example.com", "*.com", "other.org").map(Optional::of)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("bad_host", "*", "").map(Optional::of)));
        Arbitrary<String> prefix = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(20, path(Arbitraries.of("a", "b", "api", "v1", "", "x%2Fy"), 3)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("api", "/a/../b", "/a?b")));
        Arbitrary<Set<String>> methods = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.just(Set.<String>of())),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("GET", "POST", "PUT").set().ofMinSize(1)));
        Arbitrary<Map<String, String>> headers = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.just(Map.<String, String>of())),
                net.jqwik.api.Tuple.of(1, Arbitraries.maps(Arbitraries.of("x-env", "X-User"), Arbitraries.of("blue", "green", "1"))
                        .ofMinSize(1)));
        Arbitrary<Optional<String>> rewrite = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.just(Optional.<String>empty())),
                net.jqwik.api.Tuple.of(2, Arbitraries.of("/", "/v2", "/v2/", "/x/y").map(Optional::of)));
        Arbitrary<List<WeightedCluster>> backends = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(20, Arbitraries.just(List.of(new WeightedCluster("web", 1)))),
                net.jqwik.api.Tuple.of(3, Arbitraries.just(List.of(new WeightedCluster("web", 3), new WeightedCluster("api", 1)))),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(List.of(new WeightedCluster("web", 0), new WeightedCluster("api", 1)))),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(List.of(), List.of(new WeightedCluster("nope", 1)),
                        List.of(new WeightedCluster("web", 0)), List.of(new WeightedCluster("web", -1)))));
        return Combinators.combine(host, prefix, methods, headers, rewrite, backends).as((h, p, m, hd, rw, b) ->
                id -> new Route(id, h, p, m, hd, rw, b, Timeouts.DEFAULT, RetryPolicy.DEFAULT));
    }

    @Provide
    Arbitrary<List<Request>> requests() {
        Arbitrary<String> host = Combinators.combine(
                Arbitraries.of("", "x.", "y.b.", "b."),
                Arbitraries.of("shop.example.com", "a.example.com", "example.com", "other.org", "foo.com", "com",
                        "a.example.com.", "xexample.com"),
                Arbitraries.of("", ":8080", ":443"),
                Arbitraries.of(false, true)).as((sub, name, port, upper) -> {
                    String text = sub + name + port;
                    return upper ? text.toUpperCase(java.util.Locale.ROOT) : text;
                });
        Arbitrary<String> anyHost = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(20, host),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("[::1]:8080", "", "127.0.0.1")),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(null)));
        Arbitrary<String> path = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(20, path(Arbitraries.of("a", "b", "api", "v1", "", "x%2Fy", "apix", "..", "%2e%2E",
                        ".", "c", "API"), 5)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("", "api", "*", "/api?x")));
        Arbitrary<String> method = Arbitraries.of("GET", "POST", "PUT", "DELETE");
        Arbitrary<List<Map.Entry<String, String>>> headers = Combinators.combine(
                        Arbitraries.of("x-env", "X-ENV", "x-user", "X-User", "x-other"), Arbitraries.of("blue", "green", "1", "Blue"))
                .as(Map::entry).list().ofMaxSize(3);
        return Combinators.combine(anyHost, path, method, headers).as(Request::new).list().ofMinSize(1).ofMaxSize(20);
    }

    /** "/" followed by up to {@code depth} segments, maybe with a trailing slash. */
    private static Arbitrary<String> path(Arbitrary<String> segments, int depth) {
        return Combinators.combine(segments.list().ofMaxSize(depth), Arbitraries.of(false, true)).as((parts, slash) -> {
            List<String> all = new ArrayList<>(parts);
            String joined = "/" + String.join("/", all);
            return slash && !all.isEmpty() ? joined + "/" : joined;
        });
    }
}

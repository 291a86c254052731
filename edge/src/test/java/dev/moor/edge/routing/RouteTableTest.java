package dev.moor.edge.routing;

import dev.moor.snapshot.CanaryRouting;
import dev.moor.snapshot.SnapshotProblem;
import dev.moor.snapshot.WeightedCluster;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

import static dev.moor.edge.routing.RouteSpec.route;
import static org.assertj.core.api.Assertions.assertThat;

class RouteTableTest {
    private static final Set<String> CLUSTERS = Set.of("web", "api");

    private static RouteTable table(RouteSpec... routes) {
        RouteTable table = RouteTable.compile(Arrays.stream(routes).map(RouteSpec::build).toList(), CLUSTERS);
        assertThat(table.problems()).isEmpty();
        return table;
    }

    private static String matched(RouteTable table, String host, String path) {
        return matched(table, host, path, "GET", EmptyHttpHeaders.INSTANCE);
    }

    private static String matched(RouteTable table, String host, String path, String method, HttpHeaders headers) {
        RouteMatch match = table.match(host, path, method, headers);
        return match == null ? null : match.route().id();
    }

    @Nested
    class Hosts {
        private final RouteTable table = table(
                route("shop").host("shop.example.com"),
                route("wild").host("*.example.com"),
                route("any"));

        @Test
        void anExactHostMatchesInAnyCaseWithOrWithoutAPortOrTrailingDot() {
            assertThat(matched(table, "shop.example.com", "/")).isEqualTo("shop");
            assertThat(matched(table, "SHOP.Example.COM", "/")).isEqualTo("shop");
            assertThat(matched(table, "shop.example.com:8080", "/")).isEqualTo("shop");
            assertThat(matched(table, "Shop.Example.Com.:443", "/")).isEqualTo("shop");
        }

        @Test
        void anExactHostIsUsedWhateverTheCaseItWasDeclaredIn() {
            RouteTable mixed = table(route("shop").host("Shop.Example.COM"));
            assertThat(matched(mixed, "shop.example.com", "/")).isEqualTo("shop");
            assertThat(matched(mixed, "SHOP.EXAMPLE.COM:80", "/")).isEqualTo("shop");
        }

        @Test
        void aWildcardMatchesOneOrMoreLabelsButNotTheBareSuffix() {
            assertThat(matched(table, "a.example.com", "/")).isEqualTo("wild");
            assertThat(matched(table, "a.b.example.com:8080", "/")).isEqualTo("wild");
            assertThat(matched(table, "A.B.EXAMPLE.com", "/")).isEqualTo("wild");
            assertThat(matched(table, "example.com", "/")).isEqualTo("any");
            assertThat(matched(table, "xexample.com", "/")).isEqualTo("any");
            assertThat(matched(table, ".example.com", "/")).isEqualTo("any");
        }

        @Test
        void anyHostRoutesServeOtherHostsNoHostAndIpLiterals() {
            assertThat(matched(table, "other.org", "/")).isEqualTo("any");
            assertThat(matched(table, null, "/")).isEqualTo("any");
            assertThat(matched(table, "", "/")).isEqualTo("any");
            assertThat(matched(table, "127.0.0.1:8080", "/")).isEqualTo("any");
            assertThat(matched(table, "[::1]:8080", "/")).isEqualTo("any");
            assertThat(matched(table, "[::1]", "/")).isEqualTo("any");
        }

        @Test
        void withoutAnAnyHostRouteAnUnknownHostMatchesNothing() {
            RouteTable hostsOnly = table(route("shop").host("shop.example.com"), route("wild").host("*.example.com"));
            assertThat(matched(hostsOnly, "other.org", "/")).isNull();
            assertThat(matched(hostsOnly, null, "/")).isNull();
            assertThat(matched(hostsOnly, "[::1]:80", "/")).isNull();
        }

        @Test
        void anIpv4HostCanBeNamedExactly() {
            RouteTable byAddress = table(route("local").host("127.0.0.1"));
            assertThat(matched(byAddress, "127.0.0.1:8080", "/")).isEqualTo("local");
            assertThat(matched(byAddress, "127.0.0.2:8080", "/")).isNull();
        }
    }

    @Nested
    class Paths {
        private final RouteTable table = table(
                route("api").prefix("/api"),
                route("api-slash").prefix("/api/v1/"),
                route("root").prefix("/"));

        @ParameterizedTest
        @CsvSource({
                "/api, api", "/api/, api", "/api/x, api", "/api/x/y, api", "/apix, root", "/ap, root", "/, root",
                "/API, root", "/api/v1, api", "/api/v1/, api-slash", "/api/v1/x, api-slash", "/api/v1x, api",
                "//api, root", "/api//v1/, api"})
        void aPrefixMatchesItselfAndEverythingBelowSegmentWise(String path, String route) {
            assertThat(matched(table, "h", path)).isEqualTo(route);
        }

        @Test
        void anEmptyPathIsTheRoot() {
            assertThat(matched(table, "h", "")).isEqualTo("root");
            assertThat(matched(table, "h", null)).isEqualTo("root");
            assertThat(table.match("h", "", "GET", EmptyHttpHeaders.INSTANCE).upstreamPath()).isEqualTo("/");
        }

        @ParameterizedTest
        @ValueSource(strings = {"api", "*", "http://h/api", "/api/../admin", "/..", "/../", "/api/..",
                "/api/%2e%2e/admin", "/api/%2E%2E", "/api/.%2e/x", "/api/%2e./x"})
        void aPathNotStartingWithSlashOrWithADotDotSegmentNeverMatches(String path) {
            assertThat(table.match("h", path, "GET", EmptyHttpHeaders.INSTANCE)).isNull();
        }

        @ParameterizedTest
        @CsvSource({"/api/.../x, api", "/api/..x, api", "/api/x.., api", "/api/./x, api", "/api/%2e, api",
                "/api/%2e%2e%2e, api", "/api/%2f.., api"})
        void dotsThatAreNotADotDotSegmentAreOrdinary(String path, String route) {
            assertThat(matched(table, "h", path)).isEqualTo(route);
        }

        @Test
        void percentEncodingIsMatchedRaw() {
            RouteTable encoded = table(route("cafe").prefix("/caf%C3%A9"), route("slash").prefix("/a%2Fb"));
            assertThat(matched(encoded, "h", "/caf%C3%A9/menu")).isEqualTo("cafe");
            assertThat(matched(encoded, "h", "/caf%c3%a9/menu")).isNull();
            assertThat(matched(encoded, "h", "/café")).isNull();
            assertThat(matched(encoded, "h", "/a%2Fb/c")).isEqualTo("slash");
            assertThat(matched(encoded, "h", "/a/b")).isNull();
        }

        @Test
        void emptySegmentsArePartOfThePrefix() {
            RouteTable doubled = table(route("double").prefix("/a//b"), route("a").prefix("/a"));
            assertThat(matched(doubled, "h", "/a//b/c")).isEqualTo("double");
            assertThat(matched(doubled, "h", "/a/b/c")).isEqualTo("a");
        }
    }

    @Nested
    class TieBreaks {
        @Test
        void theLongestPrefixWinsWhateverTheHost() {
            RouteTable table = table(
                    route("exact-short").host("shop.example.com").prefix("/api"),
                    route("wild-mid").host("*.example.com").prefix("/api/v1"),
                    route("any-long").prefix("/api/v1/orders"));
            assertThat(matched(table, "shop.example.com", "/api/v1/orders/7")).isEqualTo("any-long");
            assertThat(matched(table, "shop.example.com", "/api/v1/items")).isEqualTo("wild-mid");
            assertThat(matched(table, "shop.example.com", "/api/v2")).isEqualTo("exact-short");
            assertThat(matched(table, "other.org", "/api/v1")).isNull();
        }

        @Test
        void aTrailingSlashMakesAPrefixLongerThanWithout() {
            RouteTable table = table(route("exact").host("shop.example.com").prefix("/api"), route("any").prefix("/api/"));
            assertThat(matched(table, "shop.example.com", "/api/x")).isEqualTo("any");
            assertThat(matched(table, "shop.example.com", "/api")).isEqualTo("exact");
        }

        @Test
        void withEqualPrefixesAnExactHostBeatsAWildcardBeatsAnyHost() {
            RouteTable table = table(
                    route("any").prefix("/api"),
                    route("wild").host("*.example.com").prefix("/api"),
                    route("exact").host("shop.example.com").prefix("/api"));
            assertThat(matched(table, "shop.example.com", "/api/x")).isEqualTo("exact");
            assertThat(matched(table, "cart.example.com", "/api/x")).isEqualTo("wild");
            assertThat(matched(table, "example.com", "/api/x")).isEqualTo("any");
        }

        @Test
        void theLongestWildcardSuffixWinsOverAShorterOne() {
            RouteTable table = table(
                    route("com").host("*.com").prefix("/api"),
                    route("example").host("*.example.com").prefix("/api"),
                    route("eu").host("*.eu.example.com").prefix("/api"),
                    route("eu-root").host("*.eu.example.com").prefix("/"));
            assertThat(matched(table, "a.eu.example.com", "/api")).isEqualTo("eu");
            assertThat(matched(table, "a.us.example.com", "/api")).isEqualTo("example");
            assertThat(matched(table, "eu.example.com", "/api")).isEqualTo("example");
            assertThat(matched(table, "other.com", "/api")).isEqualTo("com");
            assertThat(matched(table, "a.eu.example.com", "/static")).isEqualTo("eu-root");
        }

        @Test
        void anExactHostFallsBackToItsWildcardsAndAnyHostForOtherPrefixes() {
            RouteTable table = table(
                    route("exact").host("shop.example.com").prefix("/cart"),
                    route("wild").host("*.example.com").prefix("/api"),
                    route("any").prefix("/"));
            assertThat(matched(table, "shop.example.com", "/cart")).isEqualTo("exact");
            assertThat(matched(table, "shop.example.com", "/api/x")).isEqualTo("wild");
            assertThat(matched(table, "shop.example.com", "/other")).isEqualTo("any");
        }

        @Test
        void withEqualPrefixAndHostARouteWithConditionsBeatsOneWithout() {
            RouteTable table = table(
                    route("plain").prefix("/api"),
                    route("posts").prefix("/api").methods("POST"),
                    route("canary").prefix("/api").header("x-canary", "1"));
            assertThat(matched(table, "h", "/api", "POST", EmptyHttpHeaders.INSTANCE)).isEqualTo("posts");
            assertThat(matched(table, "h", "/api", "GET", headers("x-canary", "1"))).isEqualTo("canary");
            assertThat(matched(table, "h", "/api", "POST", headers("x-canary", "1"))).isEqualTo("posts");
            assertThat(matched(table, "h", "/api", "GET", headers("x-canary", "2"))).isEqualTo("plain");
        }

        @Test
        void aLongerPrefixBeatsConditionsAndAMoreSpecificHost() {
            RouteTable table = table(
                    route("conditional").host("shop.example.com").prefix("/api").methods("GET"),
                    route("longer").prefix("/api/v1"));
            assertThat(matched(table, "shop.example.com", "/api/v1")).isEqualTo("longer");
        }

        @Test
        void otherwiseTheEarlierDeclaredRouteWins() {
            RouteTable table = table(
                    route("first").prefix("/api").methods("GET"),
                    route("second").prefix("/api").header("x-a", "1"),
                    route("third").prefix("/api").methods("GET", "POST"));
            assertThat(matched(table, "h", "/api", "GET", headers("x-a", "1"))).isEqualTo("first");
            assertThat(matched(table, "h", "/api", "POST", headers("x-a", "1"))).isEqualTo("second");
            assertThat(matched(table, "h", "/api", "POST", EmptyHttpHeaders.INSTANCE)).isEqualTo("third");
        }

        @Test
        void aRouteWhoseConditionsFailLetsAShorterPrefixMatch() {
            RouteTable table = table(
                    route("deep-post").host("shop.example.com").prefix("/api/v1").methods("POST"),
                    route("shallow").prefix("/api"));
            assertThat(matched(table, "shop.example.com", "/api/v1/x", "GET", EmptyHttpHeaders.INSTANCE))
                    .isEqualTo("shallow");
            assertThat(matched(table, "shop.example.com", "/api/v1/x", "POST", EmptyHttpHeaders.INSTANCE))
                    .isEqualTo("deep-post");
        }
    }

    @Nested
    class Conditions {
        @Test
        void methodsMatchExactly() {
            RouteTable table = table(route("write").methods("POST", "PUT"));
            assertThat(matched(table, "h", "/", "POST", EmptyHttpHeaders.INSTANCE)).isEqualTo("write");
            assertThat(matched(table, "h", "/", "PUT", EmptyHttpHeaders.INSTANCE)).isEqualTo("write");
            assertThat(matched(table, "h", "/", "GET", EmptyHttpHeaders.INSTANCE)).isNull();
            assertThat(matched(table, "h", "/", "post", EmptyHttpHeaders.INSTANCE)).isNull();
            assertThat(matched(table, "h", "/", null, EmptyHttpHeaders.INSTANCE)).isNull();
        }

        @Test
        void headersNeedEveryNameWithExactlyItsValueWhateverTheNameCase() {
            RouteTable table = table(route("blue").header("X-Env", "blue").header("x-user", "7"));
            assertThat(matched(table, "h", "/", "GET", headers("x-env", "blue", "X-USER", "7"))).isEqualTo("blue");
            assertThat(matched(table, "h", "/", "GET", headers("x-env", "blue"))).isNull();
            assertThat(matched(table, "h", "/", "GET", headers("x-env", "Blue", "x-user", "7"))).isNull();
            assertThat(matched(table, "h", "/", "GET", headers("x-env", "blue ", "x-user", "7"))).isNull();
            assertThat(matched(table, "h", "/", "GET", headers("x-env", "green", "x-env", "blue", "x-user", "7")))
                    .isEqualTo("blue");
            assertThat(matched(table, "h", "/", "GET", null)).isNull();
        }
    }

    @Nested
    class Rewrites {
        @ParameterizedTest
        @CsvSource({
                "/api, /, /api, /",
                "/api, /, /api/, /",
                "/api, /, /api/x, /x",
                "/api, /, /api/x/y/, /x/y/",
                "/api, /v2, /api/x, /v2/x",
                "/api, /v2, /api, /v2",
                "/api, /v2, /api/, /v2/",
                "/api, /v2/, /api/x, /v2/x",
                "/api, /v2/, /api, /v2/",
                "/api/, /v2, /api/x, /v2/x",
                "/api/, /v2, /api/, /v2/",
                "/api/, /, /api/x, /x",
                "/, /v2, /x, /v2/x",
                "/, /v2, /, /v2/",
                "/, /, /x/y, /x/y",
                "/a/b, /c/d, /a/b/e%20f, /c/d/e%20f"})
        void theMatchedPrefixIsReplacedWithoutDoublingSlashes(String prefix, String rewrite, String path, String upstream) {
            RouteTable table = table(route("r").prefix(prefix).rewrite(rewrite));
            assertThat(table.match("h", path, "GET", EmptyHttpHeaders.INSTANCE).upstreamPath()).isEqualTo(upstream);
        }

        @Test
        void withoutARewriteThePathIsSentAsReceived() {
            RouteTable table = table(route("r").prefix("/api"));
            String path = "/api/x%2Fy//z";
            assertThat(table.match("h", path, "GET", EmptyHttpHeaders.INSTANCE).upstreamPath()).isSameAs(path);
        }
    }

    @Nested
    class Problems {
        private static RouteTable compile(RouteSpec... routes) {
            return RouteTable.compile(Arrays.stream(routes).map(RouteSpec::build).toList(), CLUSTERS);
        }

        @Test
        void brokenRoutesAreSkippedAndReportedWhileTheOthersServe() {
            RouteTable table = compile(
                    route("routes[0]").prefix("/a").backends(),
                    route("routes[1]").prefix("/b").backends(new WeightedCluster("nope", 1)),
                    route("routes[2]").prefix("/c").backends(new WeightedCluster("web", 0), new WeightedCluster("api", -1)),
                    route("routes[3]").prefix("/d"),
                    route("routes[4]").prefix("/e").backends(new WeightedCluster("web", 0), new WeightedCluster("api", 0)));
            assertThat(table.problems()).containsExactly(
                    new SnapshotProblem("routes[0]", "backends: none (expected: at least one)"),
                    new SnapshotProblem("routes[1]", "backend nope: no such cluster"),
                    new SnapshotProblem("routes[2]", "backend api: weight -1 (expected: >= 0)"),
                    new SnapshotProblem("routes[4]", "backends: every weight is 0 (expected: at least one > 0)"));
            assertThat(matched(table, "h", "/a")).isNull();
            assertThat(matched(table, "h", "/b")).isNull();
            assertThat(matched(table, "h", "/c")).isNull();
            assertThat(matched(table, "h", "/d")).isEqualTo("routes[3]");
            assertThat(matched(table, "h", "/e")).isNull();
        }

        @Test
        void aBackendOfWeightZeroIsAccepted() {
            RouteTable table = compile(route("r").backends(new WeightedCluster("web", 1), new WeightedCluster("api", 0)));
            assertThat(table.problems()).isEmpty();
            assertThat(matched(table, "h", "/")).isEqualTo("r");
        }

        @ParameterizedTest
        @CsvSource(delimiterString = "|", value = {
                "nope| api| 7| x-moor-canary| moor-canary| canary.stableCluster: nope (expected: one of the route's backends)",
                "web| nope| 7| x-moor-canary| moor-canary| canary.canaryCluster: nope (expected: one of the route's backends)",
                "web| web| 7| x-moor-canary| moor-canary| canary: stableCluster and canaryCluster are both web (expected: two different backends)",
                "web| api| 7;x=1| x-moor-canary| moor-canary| canary.version: 7;x=1 (expected: visible ASCII characters but '\"', ',', ';' and '\\')",
                "web| api| ''| x-moor-canary| moor-canary| canary.version: (empty) (expected: visible ASCII characters but '\"', ',', ';' and '\\')",
                "web| api| 7| x moor| moor-canary| canary.header: x moor (expected: a header name token like x-moor-canary)",
                "web| api| 7| x-moor-canary| moor=canary| canary.cookie: moor=canary (expected: a cookie name token like moor-canary)"})
        void aCanaryMustNameTwoOfItsRoutesBackendsAndUsableNames(String stable, String canary, String version,
                                                                String header, String cookie, String problem) {
            RouteTable table = compile(route("r")
                    .backends(new WeightedCluster("web", 9), new WeightedCluster("api", 1))
                    .canary(new CanaryRouting(stable, canary, version, header, Optional.of(cookie))));
            assertThat(table.problems()).extracting(SnapshotProblem::render).containsExactly("r: " + problem.strip());
            assertThat(matched(table, "h", "/")).isNull();
        }

        @Test
        void aCanaryOfTwoBackendsIsAcceptedWithOrWithoutACookie() {
            RouteTable table = compile(
                    route("sticky").prefix("/a").backends(new WeightedCluster("web", 9), new WeightedCluster("api", 0))
                            .canary(new CanaryRouting("web", "api", "r-42", CanaryRouting.DEFAULT_HEADER,
                                    Optional.of("moor-canary"))),
                    route("loose").prefix("/b").backends(new WeightedCluster("web", 9), new WeightedCluster("api", 1))
                            .canary(new CanaryRouting("web", "api", "r-42", CanaryRouting.DEFAULT_HEADER,
                                    Optional.empty())));
            assertThat(table.problems()).isEmpty();
        }

        @ParameterizedTest
        @CsvSource(delimiterString = "|", value = {
                "api| pathPrefix: api (expected: starts with '/')",
                "''| pathPrefix: (empty) (expected: starts with '/')",
                "/a?b| pathPrefix: /a?b (expected: visible ASCII characters but '?' and '#'; percent-encode others)",
                "/a#b| pathPrefix: /a#b (expected: visible ASCII characters but '?' and '#'; percent-encode others)",
                "/a b| pathPrefix: /a b (expected: visible ASCII characters but '?' and '#'; percent-encode others)",
                "/café| pathPrefix: /café (expected: visible ASCII characters but '?' and '#'; percent-encode others)",
                "/a/../b| pathPrefix: /a/../b (expected: no '..' segment)",
                "/a/..| pathPrefix: /a/.. (expected: no '..' segment)",
                "/a/%2E%2e| pathPrefix: /a/%2E%2e (expected: no '..' segment)"})
        void aPathPrefixMustBeAPath(String prefix, String problem) {
            RouteTable table = compile(route("r").prefix(prefix));
            assertThat(table.problems()).extracting(SnapshotProblem::render).containsExactly("r: " + problem.strip());
        }

        @Test
        void aPathPrefixWithTabOrNewlineIsRejected() {
            assertThat(compile(route("r").prefix("/a\tb")).problems()).hasSize(1);
            assertThat(compile(route("r").prefix("/a\nb")).problems()).hasSize(1);
            assertThat(compile(route("r").prefix("/a\u007fb")).problems()).hasSize(1);
        }

        @Test
        void aRewritePrefixMustBeAPathToo() {
            assertThat(compile(route("r").rewrite("v2")).problems()).extracting(SnapshotProblem::render)
                    .containsExactly("r: rewritePrefix: v2 (expected: starts with '/')");
            assertThat(compile(route("r").rewrite("/v2/../x")).problems()).extracting(SnapshotProblem::render)
                    .containsExactly("r: rewritePrefix: /v2/../x (expected: no '..' segment)");
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "shop_1.example.com", "-shop.example.com", "shop-.example.com", "shop..example.com",
                "shop.example.com.", "shop.example.com:80", "*", "*.", "a.*.example.com", "**.example.com",
                "*example.com", "[::1]", "shöp.example.com", "shop example.com"})
        void aHostMustBeADnsNameOrAWildcard(String host) {
            RouteTable table = compile(route("r").host(host));
            assertThat(table.problems()).extracting(SnapshotProblem::render).containsExactly("r: host: "
                    + (host.isEmpty() ? "(empty)" : host)
                    + " (expected: a DNS name like shop.example.com or a wildcard like *.example.com)");
        }

        @ParameterizedTest
        @ValueSource(strings = {"shop.example.com", "SHOP.example.com", "*.example.com", "*.com", "localhost",
                "a-b.c-d.example", "127.0.0.1", "x1.y2"})
        void validHostsAreAccepted(String host) {
            assertThat(compile(route("r").host(host)).problems()).isEmpty();
        }

        @Test
        void aLabelLongerThan63OrANameLongerThan253IsNotADnsName() {
            String label63 = "a".repeat(63);
            assertThat(compile(route("r").host(label63 + ".com")).problems()).isEmpty();
            assertThat(compile(route("r").host("a" + label63 + ".com")).problems()).hasSize(1);
            String name253 = String.join(".", label63, label63, label63, "a".repeat(61));
            assertThat(name253).hasSize(253);
            assertThat(compile(route("r").host(name253)).problems()).isEmpty();
            assertThat(compile(route("r").host(name253 + "a")).problems()).hasSize(1);
        }

        @Test
        void methodsAndHeaderNamesMustBeTokens() {
            RouteTable table = compile(
                    route("m").methods("GE T"),
                    route("h").header("x env", "1"),
                    route("v").header("x-env", "a\r\nb"),
                    route("ok").methods("PURGE", "M-SEARCH").header("x_odd!", "v\tw"));
            assertThat(table.problems()).extracting(SnapshotProblem::render).containsExactly(
                    "m: methods: GE T (expected: a method token like GET)",
                    "h: headers: x env (expected: a header name token like x-env)",
                    "v: headers.x-env: the value has control characters (expected: none)");
        }

        @Test
        void twoHeaderNamesDifferingOnlyInCaseAreAProblem() {
            RouteTable table = compile(route("r").header("X-Env", "a").header("x-env", "b"));
            assertThat(table.problems()).extracting(SnapshotProblem::message).singleElement().asString()
                    .endsWith("name the same header").contains("X-Env").contains("x-env");
        }

        @Test
        void aDuplicateOfAnEarlierRouteIsSkipped() {
            RouteTable table = compile(
                    route("first").host("Shop.example.com").prefix("/api").methods("GET", "POST").header("X-A", "1"),
                    route("copy").host("shop.example.com").prefix("/api").methods("POST", "GET").header("x-a", "1")
                            .rewrite("/other"),
                    route("other-value").host("shop.example.com").prefix("/api").methods("GET", "POST").header("x-a", "2"),
                    route("other-prefix").host("shop.example.com").prefix("/api/").methods("GET", "POST").header("x-a", "1"),
                    route("any").prefix("/api"),
                    route("any-copy").prefix("/api"));
            assertThat(table.problems()).extracting(SnapshotProblem::render).containsExactly(
                    "copy: duplicates first (same host, path prefix, methods and headers)",
                    "any-copy: duplicates any (same host, path prefix, methods and headers)");
            assertThat(matched(table, "shop.example.com", "/api", "GET", headers("x-a", "1"))).isEqualTo("first");
        }

        @Test
        void aBrokenRouteIsNotTheEarlierRouteOfADuplicate() {
            RouteTable table = compile(
                    route("broken").prefix("/api").backends(new WeightedCluster("nope", 1)),
                    route("good").prefix("/api"));
            assertThat(table.problems()).extracting(SnapshotProblem::where).containsExactly("broken");
            assertThat(matched(table, "h", "/api")).isEqualTo("good");
        }

        @Test
        void aRouteWithoutAnIdIsNamedByItsPosition() {
            RouteTable table = compile(route("ok"), route(null).prefix("/x").backends());
            assertThat(table.problems()).extracting(SnapshotProblem::where).containsExactly("routes[1]");
        }
    }

    @Test
    void anEmptyTableMatchesNothing() {
        RouteTable table = table();
        assertThat(matched(table, "h", "/")).isNull();
        assertThat(table.problems()).isEmpty();
    }

    static HttpHeaders headers(String... namesAndValues) {
        HttpHeaders headers = new DefaultHttpHeaders();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return headers;
    }
}

package dev.moor.spec;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static dev.moor.spec.SpecTexts.problems;
import static dev.moor.spec.SpecTexts.webService;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.groups.Tuple.tuple;

/** How problems are found and reported: all at once, in file order, with suggestions. */
class SpecReportTest {

    @Test
    void aFileWithThreeMistakesReportsExactlyThreeProblemsInFileOrder() {
        String yaml = """
                app: shop
                services:
                  web:
                    image: nginx:1.27
                    replcas: 2
                    port: 80
                    health:
                      http: /healthz
                      interval: soon
                routes:
                  - path: /
                    service: api
                edge: {listen: 8080}
                """;

        List<SpecProblem> problems = SpecTexts.problemsOf(yaml, Path.of("moor.yaml"));

        assertThat(problems).extracting(SpecProblem::line, SpecProblem::column, SpecProblem::path, SpecProblem::kind)
                .containsExactly(
                        tuple(5, 5, "services.web.replcas", SpecProblem.Kind.UNKNOWN_KEY),
                        tuple(9, 17, "services.web.health.interval",
                                SpecProblem.Kind.INVALID_VALUE),
                        tuple(12, 14, "routes[0].service", SpecProblem.Kind.INVALID_VALUE));
        assertThatExceptionOfType(SpecException.class)
                .isThrownBy(() -> SpecLoader.parse(yaml, Path.of("moor.yaml")))
                .withMessage("""
                        moor.yaml:5:5: services.web.replcas: unknown key (did you mean 'replicas'?)
                        moor.yaml:9:17: services.web.health.interval: soon (expected: a duration like 2s, 1m30s or 500ms)
                        moor.yaml:12:14: routes[0].service: api (expected: one of the services web)""");
    }

    @Test
    void mistakesInExternalServicesRoutesAndTheEdgeAreReportedTogetherInFileOrder() {
        String yaml = """
                app: shop
                services:
                  web: {image: nginx, port: 80}
                  legacy:
                    external: ["legacy.internal"]
                    replicas: 2
                routes:
                  - path: /
                    backends: [{service: web, weigth: 2}, {service: legcy}]
                    methods: [GET, get]
                    retries: 20
                edge:
                  listen: 8080
                  balancing: roundrobin
                  metrics: 8080
                  trusted_proxies: [10.0.0.1/8]
                  listen_ip: 0.0.0.0
                """;

        assertThat(problems(yaml)).containsExactly(
                "5:16: services.legacy.external[0]: legacy.internal (expected: host:port, with a DNS name, an IPv4"
                        + " address or an IPv6 address in brackets ([2001:db8::1]:80))",
                "6:5: services.legacy.replicas: unknown key (external services run outside Moor: only external and"
                        + " health apply to them)",
                "9:31: routes[0].backends[0].weigth: unknown key (did you mean 'weight'?)",
                "9:53: routes[0].backends[1].service: legcy (expected: one of the services web, legacy)",
                "10:20: routes[0].methods[1]: get (expected: a method not listed already (routes[0].methods[0] lists it))",
                "11:14: routes[0].retries: 20 (expected: an integer 0..10)",
                "14:14: edge.balancing: roundrobin (expected: p2c or round_robin; did you mean 'round_robin'?)",
                "15:3: edge.metrics: an edge-wide setting (expected: set it in the server's configuration, server.yaml"
                        + " under edge.metrics; one edge serves every app of the host)",
                "16:3: edge.trusted_proxies: an edge-wide setting (expected: set it in the server's configuration,"
                        + " server.yaml under edge.trusted_proxies; one edge serves every app of the host)",
                "17:3: edge.listen_ip: unknown key (did you mean 'listen'?)");
    }

    @Test
    void anEdgeWideSettingInAnAppsFileIsAMisplacedKeyThatSaysWhereItGoes() {
        List<SpecProblem> problems = SpecTexts.problemsOf(webService("edge:", "  listen: 8080", "  threads: 2"),
                Path.of("moor.yaml"));

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.kind()).isEqualTo(SpecProblem.Kind.MISPLACED_KEY);
            assertThat(problem.path()).isEqualTo("edge.threads");
            assertThat(problem.value()).isEqualTo("an edge-wide setting");
            assertThat(problem.render()).isEqualTo("moor.yaml:7:3: edge.threads: an edge-wide setting (expected: set it"
                    + " in the server's configuration, server.yaml under edge.threads; one edge serves every app of the"
                    + " host)");
        });
    }

    @Test
    void problemsOfSeveralServicesAreSortedByPosition() {
        assertThat(problems("""
                app: shop
                services:
                  b: {image: nginx, port: 0}
                  a: {image: nginx, replicas: -1, port: 0}
                """)).containsExactly(
                "3:27: services.b.port: 0 (expected: a port number 1..65535)",
                "4:31: services.a.replicas: -1 (expected: an integer >= 0)",
                "4:41: services.a.port: 0 (expected: a port number 1..65535)");
    }

    @Test
    void unknownKeysSuggestTheClosestKeyOfTheirPlace() {
        assertThat(problems("app: shop\nservce:\n  web: {image: nginx}\n")).containsExactly(
                "1:1: services: missing (expected: a map of services by name)",
                "2:1: servce: unknown key (did you mean 'services'?)");
        assertThat(problems(webService("    health: {command: [x], intreval: 2s}"))).containsExactly(
                "5:28: services.web.health.intreval: unknown key (did you mean 'interval'?)");
        assertThat(problems(webService("    Port: 80"))).containsExactly(
                "5:5: services.web.Port: unknown key (did you mean 'port'?)");
        assertThat(problems(webService("    stop: 5s"))).as("a prefix of a key").containsExactly(
                "5:5: services.web.stop: unknown key (did you mean 'stop_grace'?)");
        assertThat(problems(webService("    resources: {memory_limit: 1Gi}"))).as("a key as prefix").containsExactly(
                "5:17: services.web.resources.memory_limit: unknown key (did you mean 'memory'?)");
    }

    @Test
    void unknownKeysWithoutAnyCloseKeyListTheKeysOfTheirPlace() {
        assertThat(problems("app: shop\nservices: {web: {image: nginx}}\nedge: {gzip: on}\n")).containsExactly(
                "3:8: edge.gzip: unknown key (expected one of: " + String.join(", ", EdgeSpecReader.KEYS) + ")");
        assertThat(problems(webService("    labels: {a: b}"))).containsExactly(
                "5:5: services.web.labels: unknown key (expected one of: " + String.join(", ", ServiceSpecReader.KEYS)
                        + ", external)");
    }

    @Test
    void duplicateKeysAreReportedAtTheSecondAndTheFirstIsKept() {
        assertThat(problems("app: shop\nservices:\n  web:\n    image: nginx\n    port: 80\n    port: 0\n"))
                .containsExactly("6:5: services.web.port: duplicate key (first written at 5:5)");
        assertThat(problems("app: shop\napp: shop\nservices:\n  web: {image: nginx}\n  web: {image: nginx}\n"))
                .containsExactly(
                        "2:1: app: duplicate key (first written at 1:1)",
                        "5:3: services.web: duplicate key (first written at 4:3)");
    }

    @Test
    void yamlSyntaxErrorsAreOneProblemWithTheParsersPosition() {
        assertThat(problems("app: shop\nservices:\n  web:\n    image: nginx: latest\n")).containsExactly(
                "4:17: invalid YAML: mapping values are not allowed here");
        assertThat(problems("app: shop\nservices:\n\t- web\n")).containsExactly(
                "3:1: invalid YAML: found character '\\t(TAB)' that cannot start any token. (Do not use \\t(TAB) for"
                        + " indentation), while scanning for the next token");
        assertThat(problems("app: 'shop\n")).containsExactly(
                "2:1: invalid YAML: found unexpected end of stream, while scanning a quoted scalar from 1:6");
    }

    @Test
    void aSyntaxErrorIsTheOnlyProblemAndHasNoStackTrace() {
        SpecException thrown = catchSpecException("app: [shop\n");

        assertThat(thrown.problems()).singleElement()
                .satisfies(problem -> assertThat(problem.kind()).isEqualTo(SpecProblem.Kind.INVALID_YAML));
        assertThat(thrown.getStackTrace()).isEmpty();
        assertThat(thrown.getMessage()).doesNotContain("\n").doesNotContain("Exception");
    }

    private static SpecException catchSpecException(String yaml) {
        try {
            SpecLoader.parse(yaml, Path.of("moor.yaml"));
        } catch (SpecException e) {
            return e;
        }
        throw new AssertionError("expected a SpecException");
    }
}

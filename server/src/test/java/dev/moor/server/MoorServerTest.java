package dev.moor.server;

import dev.moor.engine.deploy.Deployment;
import dev.moor.engine.replica.Labels;
import dev.moor.engine.revision.Revision;
import dev.moor.engine.runtime.ContainerInfo;
import dev.moor.engine.runtime.FakeContainerRuntime;
import dev.moor.engine.store.MoorHome;
import dev.moor.server.https.TestPki;
import dev.moor.snapshot.EdgeSnapshot;
import dev.moor.snapshot.Https;
import dev.moor.snapshot.HttpsRedirect;
import dev.moor.snapshot.Route;
import dev.moor.spec.FileAccess;
import dev.moor.spec.ServerSpec;
import dev.moor.spec.ServerSpecLoader;
import dev.moor.spec.SpecException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/** The control plane with a fake engine and no edge container: deploys, collisions, restarts, down. */
class MoorServerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private FakeContainerRuntime runtime;
    private final List<MoorServer> servers = new ArrayList<>();
    private final List<String> progress = new ArrayList<>();

    @BeforeEach
    void engine() {
        runtime = new FakeContainerRuntime();
        runtime.addImage("web:1");
        runtime.addImage("web:2");
    }

    @AfterEach
    void stop() {
        servers.forEach(MoorServer::close);
        runtime.close();
    }

    private MoorServer server() {
        MoorServer server = MoorServer.builder().home(new MoorHome(dir.resolve("home")))
                .spec(ServerSpec.defaults(dir.resolve("home/server.yaml"))).runtime(runtime)
                .edge(false, List.of()).resyncInterval(Duration.ofMillis(200))
                .build();
        servers.add(server);
        server.start();
        return server;
    }

    private static String spec(String app, String image, int replicas, String route, int port) {
        return """
                app: %s
                services:
                  web:
                    image: %s
                    replicas: %d
                    port: 8080
                    # The fake engine answers every command: replicas turn healthy at their first probe.
                    health: {command: [true], interval: 200ms}
                routes:
                  - %s
                    service: web
                edge:
                  listen: %d
                """.formatted(app, image, replicas, route, port);
    }

    private DeployStarted deploy(MoorServer server, String text) throws SpecException {
        return server.deploy(new DeployRequest(dir.resolve("moor.yaml"), text, FileAccess.LOCAL, false,
                "test (local)"), progress::add);
    }

    private DeployPlan plan(MoorServer server, String text) throws SpecException {
        return server.plan(new DeployRequest(dir.resolve("moor.yaml"), text, FileAccess.LOCAL, false, "test (local)"));
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private List<ContainerInfo> alive(String app) {
        return runtime.listContainers(Map.of(Labels.APP, app)).stream().filter(c -> c.state().isAlive()).toList();
    }

    private void awaitDeployEnded(MoorServer server, String app, Deployment.State state) {
        await().atMost(TIMEOUT).untilAsserted(() ->
                assertThat(server.store().deploys(app).getFirst().state()).isEqualTo(state));
    }

    @Test
    void aFirstDeployRunsTheAppAndPublishesItsRoutesOnItsPort() throws Exception {
        MoorServer server = server();
        int port = freePort();

        DeployStarted started = deploy(server, spec("shop", "web:1", 2, "host: shop.test\n    path: /", port));

        assertThat(started.revision()).isEqualTo(1);
        assertThat(started.deployment()).hasValueSatisfying(d -> assertThat(d.fromRevision()).isZero());
        awaitDeployEnded(server, "shop", Deployment.State.SUCCEEDED);
        assertThat(alive("shop")).hasSize(2);
        assertThat(server.apps()).singleElement().satisfies(app -> {
            assertThat(app.app()).isEqualTo("shop");
            assertThat(app.healthy()).isEqualTo(2);
            assertThat(app.port()).isEqualTo(port);
        });
        await().atMost(TIMEOUT).untilAsserted(() -> {
            EdgeSnapshot snapshot = server.channel().latest().orElseThrow();
            assertThat(snapshot.ports()).containsExactly(port);
            assertThat(snapshot.clusters().get("shop/web").endpoints()).hasSize(2);
        });
    }

    @Test
    void aPlanNamesTheChangedFieldsAndTheReplicasItWouldReplaceAndChangesNothing() throws Exception {
        MoorServer server = server();
        int port = freePort();
        String first = spec("shop", "web:1", 2, "path: /", port);
        deploy(server, first);
        awaitDeployEnded(server, "shop", Deployment.State.SUCCEEDED);
        List<String> replicas = alive("shop").stream().map(ContainerInfo::name).sorted().toList();
        int creates = runtime.creates();

        DeployPlan same = plan(server, first);
        DeployPlan newImage = plan(server, spec("shop", "web:2", 2, "path: /", port));
        DeployPlan scaled = plan(server, spec("shop", "web:1", 3, "path: /", port));
        DeployPlan missing = plan(server, spec("shop", "web:9", 1, "path: /api", port));

        assertThat(same.isEmpty()).as(same.toString()).isTrue();
        assertThat(newImage.revision()).isEqualTo(1);
        assertThat(newImage.changes().lines()).singleElement().asString()
                .startsWith("web: image: web:1 (sha256:").contains(" -> web:2 (sha256:");
        assertThat(newImage.replicas().get("web").replaced()).containsExactlyElementsOf(replicas);
        assertThat(scaled.changes().lines()).containsExactly("web: replicas: 2 -> 3");
        assertThat(scaled.replicas().get("web")).isEqualTo(new DeployPlan.ReplicaMoves(List.of(), 1, List.of()));
        String web1 = newImage.changes().services().getFirst().fields().getFirst().before();
        assertThat(missing.changes().lines()).containsExactly("web: image: " + web1 + " -> web:9 (to be pulled)",
                "web: replicas: 2 -> 1", "route /api: added (to web)", "route /: removed (was to web)");
        assertThat(missing.replicas().get("web").replaced()).containsExactly(replicas.getFirst());
        assertThat(missing.replicas().get("web").stopped()).containsExactly(replicas.getLast());
        assertThat(runtime.creates()).isEqualTo(creates);
        assertThat(runtime.pulls()).isEmpty();
        assertThat(server.store().revisions("shop")).hasSize(1);
    }

    @Test
    void theHistorySaysWhoMadeEachRevisionWhatItChangedAndHowItsDeployWent() throws Exception {
        MoorServer server = server();
        int port = freePort();
        deploy(server, spec("shop", "web:1", 1, "path: /", port));
        awaitDeployEnded(server, "shop", Deployment.State.SUCCEEDED);
        deploy(server, spec("shop", "web:2", 1, "path: /", port));
        await().atMost(TIMEOUT).until(() -> server.store().currentRevision("shop") == 2);
        server.app("shop").orElseThrow().scale("web", 2, "bob (tls)");

        List<HistoryEntry> history = server.history("shop");

        assertThat(history).extracting(HistoryEntry::revision).containsExactly(3L, 2L, 1L);
        assertThat(history).extracting(HistoryEntry::author).containsExactly("bob (tls)", "test (local)", "test (local)");
        assertThat(history.get(0).changes()).containsExactly("web: replicas: 1 -> 2");
        assertThat(history.get(0).deploy()).isEmpty();
        assertThat(history.get(0).current()).isTrue();
        assertThat(history.get(1).changes()).singleElement().asString().startsWith("web: image: web:1 (sha256:");
        assertThat(history.get(1).deploy()).isEqualTo("succeeded");
        assertThat(history.get(2).changes()).contains("web: added", "route /: added (to web)");
        assertThat(history.get(2).images()).containsOnlyKeys("web");
    }

    @Test
    void aRollbackDeploysACopyOfTheLastGoodRevisionWithItsPinnedImagesAndSaysWhoWentBack() throws Exception {
        MoorServer server = server();
        int port = freePort();
        deploy(server, spec("shop", "web:1", 2, "path: /", port));
        awaitDeployEnded(server, "shop", Deployment.State.SUCCEEDED);
        String web1 = runtime.imageId("web:1").orElseThrow();
        deploy(server, spec("shop", "web:2", 2, "path: /", port));
        await().atMost(TIMEOUT).until(() -> server.store().currentRevision("shop") == 2);
        int builds = runtime.builds().size();

        DeployStarted back = server.rollback("shop", Optional.empty(), Optional.empty(), "carol (local)");

        assertThat(back.revision()).isEqualTo(3);
        assertThat(back.deployment()).hasValueSatisfying(d -> assertThat(d.fromRevision()).isEqualTo(2));
        await().atMost(TIMEOUT).until(() -> server.store().currentRevision("shop") == 3);
        await().atMost(TIMEOUT).untilAsserted(() ->
                assertThat(alive("shop")).hasSize(2).allSatisfy(c -> assertThat(c.imageId()).isEqualTo(web1)));
        HistoryEntry entry = server.history("shop").getFirst();
        assertThat(entry.author()).isEqualTo("carol (local)");
        assertThat(entry.changes().getFirst()).isEqualTo("rollback to revision 1");
        assertThat(entry.changes().get(1)).startsWith("web: image: web:2 (sha256:");
        assertThat(entry.deploy()).isEqualTo("succeeded");
        assertThat(runtime.builds()).hasSize(builds);
        assertThat(runtime.pulls()).isEmpty();

        assertThatThrownBy(() -> server.rollback("shop", Optional.empty(), Optional.of(9L), "carol (local)"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--to 9: app shop has no revision 9 (expected: one of moor history)");
        runtime.removeImage("web:2");
        assertThatThrownBy(() -> server.rollback("shop", Optional.empty(), Optional.empty(), "carol (local)"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("revision 2 runs web on web:2 (sha256:")
                .hasMessageEndingWith("which is gone from the Docker engine (expected: an image still there; deploy a"
                        + " file instead)");
        assertThat(server.store().revisions("shop")).hasSize(3);
    }

    private static String twoServices(String webImage, String apiGreeting) {
        return """
                app: duo
                services:
                  web:
                    image: %s
                    # The fake engine answers every command: replicas turn healthy at their first probe.
                    health: {command: [true], interval: 200ms}

                  # The api has its own env.
                  api:
                    image: web:1
                    env: {GREETING: %s}
                    health: {command: [true], interval: 200ms}
                """.formatted(webImage, apiGreeting);
    }

    @Test
    void aRollbackOfOneServiceTakesItsPartOfTheEarlierFileAndItsImageAndKeepsTheOthers() throws Exception {
        MoorServer server = server();
        deploy(server, twoServices("web:1", "hello"));
        awaitDeployEnded(server, "duo", Deployment.State.SUCCEEDED);
        String web1 = runtime.imageId("web:1").orElseThrow();
        deploy(server, twoServices("web:2", "bonjour"));
        await().atMost(TIMEOUT).until(() -> server.store().currentRevision("duo") == 2);

        DeployStarted back = server.rollback("duo", Optional.of("web"), Optional.empty(), "carol (local)");

        assertThat(back.revision()).isEqualTo(3);
        await().atMost(TIMEOUT).until(() -> server.store().currentRevision("duo") == 3);
        Revision three = server.store().revision("duo", 3).orElseThrow();
        assertThat(three.sourceText()).isEqualTo(twoServices("web:1", "bonjour"));
        assertThat(three.images().get("web").id()).isEqualTo(web1);
        assertThat(three.changes()).first().isEqualTo("rollback of web to revision 1");
        assertThat(three.changes()).anySatisfy(line -> assertThat(line).startsWith("web: image: web:2"))
                .noneSatisfy(line -> assertThat(line).startsWith("api:"));
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(alive("duo")).hasSize(2)
                .allSatisfy(c -> assertThat(c.imageId()).isEqualTo(web1)));

        assertThatThrownBy(() -> server.rollback("duo", Optional.of("db"), Optional.empty(), "carol (local)"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("service db: not in revision 2 of app duo (expected: a service both revisions run: api,"
                        + " web)");
    }

    @Test
    void theMetricsCountEndedDeploysByAppServiceAndOutcome() throws Exception {
        MoorServer server = server();
        int port = freePort();
        deploy(server, spec("shop", "web:1", 1, "path: /", port));
        awaitDeployEnded(server, "shop", Deployment.State.SUCCEEDED);
        deploy(server, spec("shop", "web:2", 1, "path: /", port).replace("command: [true]", "command: [\"false\"]"));
        server.app("shop").orElseThrow().abort("dave (local)");

        assertThat(ServerMetrics.render(server)).contains(
                "# TYPE moor_deploys_total counter\n",
                "moor_deploys_total{app=\"shop\",service=\"web\",outcome=\"succeeded\"} 1\n",
                "moor_deploys_total{app=\"shop\",service=\"web\",outcome=\"aborted\"} 1\n");
    }

    @Test
    void appsToldApartByHostShareAPortAndACollidingOneChangesNothing() throws Exception {
        MoorServer server = server();
        int port = freePort();
        deploy(server, spec("shop", "web:1", 1, "host: shop.test\n    path: /", port));
        deploy(server, spec("blog", "web:1", 1, "host: blog.test\n    path: /", port));
        awaitDeployEnded(server, "blog", Deployment.State.SUCCEEDED);
        int containers = runtime.creates();

        assertThatThrownBy(() -> deploy(server, spec("copy", "web:1", 1, "host: shop.test\n    path: /api", port)))
                .isInstanceOf(DeployRefused.class)
                .hasMessageContaining("deploy of app copy refused, nothing changed")
                .hasMessageContaining("collides with routes[0] (host shop.test, path /) of app shop on port " + port);

        assertThat(runtime.creates()).isEqualTo(containers);
        assertThat(server.store().apps()).containsOnlyKeys("shop", "blog");
        assertThat(server.store().revisions("copy")).isEmpty();
    }

    @Test
    void aPortHeldByAnotherProgramIsRefused() throws Exception {
        MoorServer server = server();
        try (ServerSocket other = new ServerSocket(0)) {
            int port = other.getLocalPort();

            assertThatThrownBy(() -> deploy(server, spec("shop", "web:1", 1, "path: /", port)))
                    .isInstanceOf(DeployRefused.class)
                    .hasMessageContaining("edge.listen: port " + port + " is held by a program that is not Moor's edge");
        }
    }

    @Test
    void aChangeRollsToANewRevisionAndAnUnchangedFileChangesNothing() throws Exception {
        MoorServer server = server();
        int port = freePort();
        deploy(server, spec("shop", "web:1", 2, "path: /", port));
        awaitDeployEnded(server, "shop", Deployment.State.SUCCEEDED);

        DeployStarted same = deploy(server, spec("shop", "web:1", 2, "path: /", port));
        DeployStarted changed = deploy(server, spec("shop", "web:2", 2, "path: /", port));

        assertThat(same.deployment()).isEmpty();
        assertThat(same.revision()).isEqualTo(1);
        assertThat(changed.revision()).isEqualTo(2);
        awaitDeployEnded(server, "shop", Deployment.State.SUCCEEDED);
        String web2 = runtime.imageId("web:2").orElseThrow();
        await().atMost(TIMEOUT).untilAsserted(() ->
                assertThat(alive("shop")).hasSize(2).allSatisfy(c -> assertThat(c.image()).isEqualTo(web2)));
    }

    @Test
    void aRestartedServerGoesOnWithTheDeployInProgressAndAdoptsWhatRuns() throws Exception {
        MoorServer first = server();
        int port = freePort();
        deploy(first, spec("shop", "web:1", 2, "path: /", port));
        awaitDeployEnded(first, "shop", Deployment.State.SUCCEEDED);
        first.close();
        int createsBefore = runtime.creates();

        MoorServer second = server();

        assertThat(second.apps()).extracting(AppSummary::app).containsExactly("shop");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(second.apps().getFirst().healthy()).isEqualTo(2));
        assertThat(runtime.creates()).as("adopted, not started again").isEqualTo(createsBefore);
    }

    @Test
    void aSecondServerOnTheSameHomeIsRefused() {
        server();

        assertThatThrownBy(this::server).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("a Moor server already runs for this MOOR_HOME (pid " + ProcessHandle.current().pid());
    }

    @Test
    void downRemovesTheAppsContainersAndItsPartOfTheEdge() throws Exception {
        MoorServer server = server();
        int port = freePort();
        deploy(server, spec("shop", "web:1", 1, "host: shop.test\n    path: /", port));
        deploy(server, spec("blog", "web:1", 1, "host: blog.test\n    path: /", port));
        awaitDeployEnded(server, "blog", Deployment.State.SUCCEEDED);
        awaitDeployEnded(server, "shop", Deployment.State.SUCCEEDED);

        server.down("shop");

        assertThat(alive("shop")).isEmpty();
        assertThat(server.store().apps()).containsOnlyKeys("blog");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(server.channel().latest().orElseThrow().clusters())
                .containsOnlyKeys("blog/web"));
        assertThatThrownBy(() -> server.down("shop")).hasMessageContaining("no app shop");
    }

    private MoorServer httpsServer(int httpsPort) throws SpecException {
        Path file = dir.resolve("home/server.yaml");
        MoorServer server = MoorServer.builder().home(new MoorHome(dir.resolve("home")))
                .spec(ServerSpecLoader.parse("edge: {https: " + httpsPort + "}\n", file)).runtime(runtime)
                .edge(false, List.of()).resyncInterval(Duration.ofMillis(200))
                .build();
        servers.add(server);
        server.start();
        return server;
    }

    private static String httpsSpec(String app, int port, String https) {
        return spec(app, "web:1", 1, "host: " + app + ".test\n    path: /", port) + "  https: " + https + "\n";
    }

    @Test
    void anAppsHttpsHostsGetACertificateOfTheDevelopmentCaAndTheirRoutesAreServedOnTheHttpsPort() throws Exception {
        int httpsPort = freePort();
        int port = freePort();
        MoorServer server = httpsServer(httpsPort);

        deploy(server, httpsSpec("shop", port, "{hosts: [shop.test], hsts: 365d}"));

        Path root = MoorServer.developmentCaDirectory(server.home()).resolve("ca.pem");
        assertThat(progress).contains("edge.https: shop.test on port " + httpsPort + ", with a certificate of Moor's"
                + " development CA: have browsers and curl trust its root certificate, " + root + " (curl --cacert "
                + root + " https://shop.test:" + httpsPort + "/)");
        assertThat(server.status().edge().developmentCa()).contains(root.toString());
        assertThat(server.status().edge().https()).contains(httpsPort);
        await().atMost(TIMEOUT).untilAsserted(() -> {
            EdgeSnapshot snapshot = server.channel().latest().orElseThrow();
            assertThat(snapshot.ports()).containsExactly(Math.min(port, httpsPort), Math.max(port, httpsPort));
            Https https = snapshot.https().orElseThrow();
            assertThat(https.port()).isEqualTo(httpsPort);
            assertThat(https.certificates()).singleElement().satisfies(certificate -> {
                assertThat(certificate.name()).isEqualTo("shop");
                assertThat(certificate.hosts()).containsExactly("shop.test");
                assertThat(certificate.key()).startsWith("-----BEGIN PRIVATE KEY-----");
            });
            assertThat(snapshot.routes()).extracting(Route::id, Route::port).containsExactly(
                    tuple("shop/routes[0]", port), tuple("shop/routes[0]@https:shop.test", httpsPort));
            assertThat(snapshot.routes().getFirst().httpsRedirect()).contains(new HttpsRedirect(httpsPort,
                    List.of("shop.test")));
            assertThat(snapshot.routes().getLast().hsts()).contains(Duration.ofDays(365));
        });
    }

    @Test
    void httpsIsRefusedByAServerWithoutAnHttpsPortAndCertificatesThatCannotBeServedRefuseTheDeploy() throws Exception {
        MoorServer plain = server();
        int port = freePort();
        assertThatThrownBy(() -> deploy(plain, httpsSpec("shop", port, "{hosts: [shop.test]}")))
                .isInstanceOf(DeployRefused.class)
                .hasMessage("deploy of app shop refused, nothing changed: edge.https: this server serves no HTTPS"
                        + " (expected: edge.https: PORT in its configuration, " + dir.resolve("home/server.yaml")
                        + ", e.g. edge: {https: 443}; or no edge.https in the app's file)");
        plain.close();

        int httpsPort = freePort();
        MoorServer server = httpsServer(httpsPort);
        TestPki.Files expired = new TestPki().issue(dir.resolve("tls"), Instant.now().minus(Duration.ofDays(90)),
                Instant.now().minus(Duration.ofDays(1)), "EC", TestPki.KeyForm.PKCS8, "shop.test");
        assertThatThrownBy(() -> deploy(server, httpsSpec("shop", port, "{hosts: [shop.test], certificate: {chain: "
                + expired.chain() + ", key: " + expired.key() + "}}")))
                .isInstanceOf(DeployRefused.class)
                .hasMessageStartingWith("deploy of app shop refused, nothing changed: edge.https.certificate.chain: "
                        + expired.chain() + ": the certificate (CN=shop.test) expired on ");
        assertThat(server.store().apps()).isEmpty();
        assertThatThrownBy(() -> deploy(server, httpsSpec("shop", port, "{hosts: [shop.test], certificate: acme}")))
                .isInstanceOf(DeployRefused.class)
                .hasMessage("deploy of app shop refused, nothing changed: edge.https.certificate: acme, but this server"
                        + " has no ACME CA (expected: edge.acme: {directory: URL} in its configuration, "
                        + dir.resolve("home/server.yaml") + ", e.g. edge: {acme: {directory: \"acme://letsencrypt.org\","
                        + " email: ops@example.com}}; or another certificate)");
        assertThatThrownBy(() -> deploy(server, spec("shop", "web:1", 1, "path: /", httpsPort)))
                .isInstanceOf(DeployRefused.class)
                .hasMessageContaining("edge.listen: port " + httpsPort + " is the server's HTTPS port (expected: another"
                        + " port)");
    }

    @Test
    void changedCertificateFilesReachTheEdgeAndFilesThatNoLongerHoldAreAnEventWhileTheLastGoodOneServes()
            throws Exception {
        int httpsPort = freePort();
        int port = freePort();
        MoorServer server = httpsServer(httpsPort);
        TestPki pki = new TestPki();
        TestPki.Files first = pki.issue(dir.resolve("tls/1"), "shop.test");
        Path chain = dir.resolve("chain.pem");
        Path key = dir.resolve("key.pem");
        java.nio.file.Files.copy(first.chain(), chain);
        java.nio.file.Files.copy(first.key(), key);
        deploy(server, httpsSpec("shop", port, "{hosts: [shop.test], certificate: {chain: chain.pem, key: key.pem}}"));
        await().atMost(TIMEOUT).until(() -> server.channel().latest().flatMap(EdgeSnapshot::https).isPresent());
        String served = server.channel().latest().orElseThrow().https().orElseThrow().certificates().getFirst().chain();

        TestPki.Files other = pki.issue(dir.resolve("tls/2"), "other.test");
        replace(other.chain(), chain);
        replace(other.key(), key);

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(server.store().lastEvents("shop", 20))
                .anySatisfy(event -> {
                    assertThat(event.kind()).isEqualTo("https.certificate-invalid");
                    assertThat(event.message()).contains("edge.https.hosts[0]: shop.test is not covered by the"
                            + " certificate in " + chain + " (its names: other.test)");
                }));
        assertThat(server.channel().latest().orElseThrow().https().orElseThrow().certificates().getFirst().chain())
                .isEqualTo(served);

        TestPki.Files renewed = pki.issue(dir.resolve("tls/3"), "shop.test");
        replace(renewed.key(), key);
        replace(renewed.chain(), chain);

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(server.channel().latest().orElseThrow().https()
                .orElseThrow().certificates().getFirst().chain()).isEqualTo(
                        java.nio.file.Files.readString(renewed.chain())));
        assertThat(server.store().lastEvents("shop", 20)).anySatisfy(event ->
                assertThat(event.kind()).isEqualTo("https.certificate"));
    }

    private static void replace(Path source, Path target) throws Exception {
        Path temporary = target.resolveSibling(target.getFileName() + ".new");
        java.nio.file.Files.copy(source, temporary);
        java.nio.file.Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}

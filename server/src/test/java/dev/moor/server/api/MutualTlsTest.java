package dev.moor.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.moor.server.tls.CertificateAuthority;
import dev.moor.server.tls.ClientBundle;
import io.javalin.config.RoutesConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class MutualTlsTest {


    @TempDir
    Path temp;

    private CertificateAuthority ca;
    private ApiServer server;
    private final AtomicInteger handled = new AtomicInteger();
    private final List<AutoCloseable> toClose = new CopyOnWriteArrayList<>();

    @BeforeEach
    void createCa() {
        ca = CertificateAuthority.loadOrCreate(temp.resolve("ca"));
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : toClose.reversed()) {
            closeable.close();
        }
    }

    private void start(Consumer<RoutesConfig> routes) {
        server = ApiServer.builder()
                .unixSocket(temp.resolve("run/api.sock"))
                .mutualTls("127.0.0.1", 0, ca.issueServer(List.of()))
                .routes(all -> {
                    all.before(ctx -> handled.incrementAndGet());
                    routes.accept(all);
                })
                .start();
        toClose.add(server);
    }

    private URI uri() {
        return URI.create("https://localhost:" + server.tlsPort().orElseThrow());
    }

    private ApiClient remote(Path bundle) {
        ApiClient client = ApiClient.remote(uri(), bundle);
        toClose.add(client);
        return client;
    }

    private Path bundle(String name) {
        return ca.issueClient(name, Duration.ofDays(30)).writeTo(temp.resolve("clients/" + name));
    }

    @Test
    void anIssuedBundleCallsAndIsNamed() {
        start(routes -> routes.get("/whoami", ctx -> ctx.json(Map.of("caller", ApiCaller.of(ctx)))));

        ApiResponse response = remote(bundle("ops-laptop")).get("/whoami");

        assertThat(response.json().path("caller").path("name").asText()).isEqualTo("ops-laptop");
        assertThat(handled).hasValue(1);
    }

    @Test
    void uploadsAFileAsAStreamedBody() throws IOException {
        start(UploadRoute::install);
        Path file = UploadRoute.largeFile(temp);

        UploadRoute.assertReceived(remote(bundle("ops-laptop")).upload(UploadRoute.PATH, file), file);
    }

    @Test
    void callerIsTheRemoteClientRecord() {
        List<ApiCaller> callers = new CopyOnWriteArrayList<>();
        start(routes -> routes.post("/apps/{app}/deploy", ctx -> {
            callers.add(ApiCaller.of(ctx));
            ctx.status(202).json(ctx.bodyAsClass(Map.class));
        }));

        ApiResponse response = remote(bundle("ci")).post("/apps/shop/deploy", Map.of("image", "shop:3"));

        assertThat(response.status()).isEqualTo(202);
        assertThat(response.json().path("image").asText()).isEqualTo("shop:3");
        assertThat(callers).containsExactly(new ApiCaller.RemoteClient("ci"));
        assertThat(callers.getFirst().who()).isEqualTo("ci (tls)");
    }

    @Test
    void errorsAreJsonWithTheirStatus() {
        start(routes -> routes.get("/apps/{app}", ctx -> {
            throw new ApiException(404, "no app " + ctx.pathParam("app"));
        }));
        ApiClient client = remote(bundle("ops"));

        assertThatThrownBy(() -> client.get("/apps/ghost"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404))
                .hasMessage("no app ghost");
        assertThatThrownBy(() -> client.get("/nowhere"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404))
                .hasMessageContaining("/nowhere");
    }

    @Test
    void streamsLinesBeforeTheHandlerEnds() throws InterruptedException {
        CountDownLatch firstLineArrived = new CountDownLatch(1);
        CountDownLatch handlerEnded = new CountDownLatch(1);
        start(routes -> routes.get("/apps/{app}/events", ctx -> {
            NdjsonStream stream = NdjsonStream.open(ctx);
            stream.send(Map.of("event", 1));
            boolean released = firstLineArrived.await(20, TimeUnit.SECONDS);
            stream.send(Map.of("released", released));
            handlerEnded.countDown();
        }));
        List<String> lines = new CopyOnWriteArrayList<>();

        remote(bundle("ops")).stream("/apps/shop/events?follow=true", line -> {
            lines.add(line);
            firstLineArrived.countDown();
        });

        assertThat(handlerEnded.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(lines).containsExactly("{\"event\":1}", "{\"released\":true}");
    }

    @Test
    void tls12IsAllowedToo() throws Exception {
        start(routes -> routes.get("/ping", ctx -> ctx.result("pong")));
        ClientBundle bundle = ClientBundle.read(bundle("old-client"));
        SSLParameters tls12 = new SSLParameters();
        tls12.setProtocols(new String[] {"TLSv1.2"});

        try (HttpClient http = HttpClient.newBuilder().sslContext(bundle.sslContext()).sslParameters(tls12).build()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri().resolve("/ping")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.body()).isEqualTo("pong");
        }
    }

    @Test
    void refusesAClientWithoutCertificate() throws Exception {
        start(routes -> routes.get("/ping", ctx -> ctx.result("pong")));

        for (String protocol : CertificateAuthority.TLS_PROTOCOLS) {
            SSLParameters parameters = new SSLParameters();
            parameters.setProtocols(new String[] {protocol});
            try (HttpClient http = HttpClient.newBuilder().sslContext(trustingOnly(ca)).sslParameters(parameters)
                    .build()) {
                assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(uri().resolve("/ping")).build(),
                        HttpResponse.BodyHandlers.ofString()))
                        .as(protocol)
                        .isInstanceOf(SSLHandshakeException.class);
            }
        }
        assertThat(handled).hasValue(0);
    }

    @Test
    void refusesACertificateOfAnotherCa() {
        start(routes -> routes.get("/ping", ctx -> ctx.result("pong")));
        ClientBundle foreign = CertificateAuthority.loadOrCreate(temp.resolve("other-ca"))
                .issueClient("intruder", Duration.ofDays(30));
        // It trusts the right server, so only the server's check of the client is in play.
        Path bundle = new ClientBundle(ca.certificate(), foreign.certificate(), foreign.key())
                .writeTo(temp.resolve("clients/intruder"));

        assertThatThrownBy(() -> remote(bundle).get("/ping"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(503))
                .hasMessageContaining("TLS handshake").hasMessageContaining("certificate_unknown");
        assertThat(handled).hasValue(0);
    }

    @Test
    void refusesAnExpiredCertificate() {
        start(routes -> routes.get("/ping", ctx -> ctx.result("pong")));
        Clock monthAgo = Clock.offset(Clock.systemUTC(), Duration.ofDays(-30));
        Path bundle = CertificateAuthority.loadOrCreate(temp.resolve("ca"), monthAgo)
                .issueClient("former-employee", Duration.ofDays(1))
                .writeTo(temp.resolve("clients/former-employee"));

        assertThatThrownBy(() -> remote(bundle).get("/ping"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(503))
                .hasMessageContaining("TLS handshake").hasMessageContaining("certificate_unknown");
        assertThat(handled).hasValue(0);
    }

    @Test
    void theClientRefusesAServerOfAnotherCa() {
        start(routes -> routes.get("/ping", ctx -> ctx.result("pong")));
        Path bundle = CertificateAuthority.loadOrCreate(temp.resolve("other-ca"))
                .issueClient("lost", Duration.ofDays(30))
                .writeTo(temp.resolve("clients/lost"));

        assertThatThrownBy(() -> remote(bundle).get("/ping"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(503))
                .hasMessageContaining("TLS handshake");
        assertThat(handled).hasValue(0);
    }

    @Test
    void aBusyTlsPortFailsTheStartAndLeavesNoSocket() throws Exception {
        Path socket = temp.resolve("run/api.sock");
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> ApiServer.builder()
                    .unixSocket(socket)
                    .mutualTls("127.0.0.1", busy.getLocalPort(), ca.issueServer(List.of()))
                    .start())
                    .hasMessageStartingWith("cannot serve the API on " + socket + " and 127.0.0.1:" + busy.getLocalPort())
                    .hasMessageEndingWith("Address already in use");
        }
        assertThat(socket).doesNotExist();

        start(routes -> routes.get("/ping", ctx -> ctx.result("pong")));
        assertThat(remote(bundle("ops")).get("/ping").text()).isEqualTo("pong");
    }

    @Test
    void noServerAnswersIs503() {
        ApiClient client = ApiClient.remote(URI.create("https://127.0.0.1:1"), bundle("ops"));
        toClose.add(client);

        assertThatThrownBy(() -> client.get("/ping"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(503))
                .hasMessageStartingWith("no Moor server answers at https://127.0.0.1:1");
    }

    @Test
    void realCurlWithTheBundle() throws Exception {
        start(routes -> routes
                .get("/whoami", ctx -> ctx.result(ApiCaller.of(ctx).who()))
                .get("/stream", ctx -> {
                    NdjsonStream stream = NdjsonStream.open(ctx);
                    stream.send(Map.of("n", 1));
                    stream.send(Map.of("n", 2));
                }));
        Path bundle = bundle("curl-user");
        String[] withBundle = {
                "--cacert", bundle.resolve(ClientBundle.CA_FILE).toString(),
                "--cert", bundle.resolve(ClientBundle.CERTIFICATE_FILE).toString(),
                "--key", bundle.resolve(ClientBundle.KEY_FILE).toString()};

        Curl.Result whoami = Curl.run(concat(withBundle, uri() + "/whoami"));
        Curl.Result stream = Curl.run(concat(withBundle, uri() + "/stream"));
        Curl.Result noCertificate = Curl.run("--cacert", bundle.resolve(ClientBundle.CA_FILE).toString(),
                uri() + "/whoami");

        assertThat(whoami.output()).as(whoami.errors()).isEqualTo("curl-user (tls)");
        assertThat(stream.output()).isEqualTo("{\"n\":1}\n{\"n\":2}\n");
        assertThat(noCertificate.exitCode()).isNotZero();
        assertThat(noCertificate.output()).isEmpty();
        assertThat(handled).hasValue(2);
    }

    private static String[] concat(String[] first, String last) {
        String[] all = Arrays.copyOf(first, first.length + 1);
        all[first.length] = last;
        return all;
    }

    /** Trusts the server, presents nothing. */
    private static SSLContext trustingOnly(CertificateAuthority ca) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("moor-ca", ca.certificate());
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trustManagers.getTrustManagers(), null);
        return context;
    }
}

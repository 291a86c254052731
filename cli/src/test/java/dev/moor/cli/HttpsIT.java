package dev.moor.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The website example over HTTPS with a development certificate, through the edge's container: moor up names the
 * development CA's root, a client that trusts it gets the site over HTTP/2, told by Alt-Svc of HTTP/3 on the same
 * port, and over HTTP/3 (Netty's client, verifying the chain against the root) from the cache; plain HTTP still
 * serves, without Alt-Svc.
 */
@Tag("docker")
class HttpsIT {
    @TempDir
    Path work;

    private String app;
    private MoorProcess moor;

    @AfterEach
    void cleanUp() throws Exception {
        moor.cleanUp();
        Docker.removeApp(app);
    }

    @Test
    void theWebsiteIsServedOverHttpsWithACertificateOfTheDevelopmentCa() throws Exception {
        app = ExampleApps.uniqueName("website");
        Path home = Files.createDirectories(work.resolve("home"));
        moor = new MoorProcess(home, work);
        int port = MoorProcess.freePort();
        int httpsPort = MoorProcess.freePort();
        Files.writeString(home.resolve("server.yaml"), "edge: {https: " + httpsPort + "}\n");
        Path dir = ExampleApps.copy("website", work, app, port);
        Files.writeString(dir.resolve("moor.yaml"), "  https: {hosts: [localhost], redirect: false, hsts: 365d}\n",
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);

        MoorProcess.Result up = moor.up(dir);
        moor.installation();

        Path root = home.resolve("dev-ca/ca.pem");
        assertThat(up.out()).contains("edge.https: localhost on port " + httpsPort + ", with a certificate of Moor's"
                + " development CA: have browsers and curl trust its root certificate, " + root);
        assertThat(moor.run("server", "status").out()).contains("HTTPS on " + httpsPort, "dev CA   " + root);
        HttpClient client = HttpClient.newBuilder().sslContext(trusting(root)).connectTimeout(Duration.ofSeconds(5))
                .build();
        HttpResponse<String> response = await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() ->
                client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + httpsPort + "/")).build(),
                        HttpResponse.BodyHandlers.ofString()), r -> r.statusCode() == 200);
        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(response.body()).contains("Example University");
        assertThat(response.headers().allValues("alt-svc")).containsExactly("h3=\":" + httpsPort + "\"; ma=86400");

        List<Http3Get.Response> overHttp3 = Http3Get.get(httpsPort, certificate(root), "/about.html", "/about.html");
        assertThat(overHttp3).allSatisfy(page -> {
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains("Example University");
            assertThat(page.header("alt-svc")).isNull();
        });
        assertThat(overHttp3.getLast().header("x-cache")).as("the pages are cached").isEqualTo("HIT");
        assertThat(overHttp3.getLast().header("strict-transport-security")).isEqualTo("max-age=31536000");

        HttpResponse<String> plain = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + port + "/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(plain.body()).contains("Example University");
        assertThat(plain.headers().allValues("alt-svc")).isEmpty();
        String edgeLog = moor.run("logs", "--edge").out();
        assertThat(edgeLog).as("the edge's first line names its TLS provider").contains("TLS by openssl");
        assertThat(edgeLog).as("its access log names the protocol")
                .contains("\"path\":\"/about.html\",\"protocol\":\"HTTP/3\"").doesNotContain("HTTP/3 is off");
    }

    private static X509Certificate certificate(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static SSLContext trusting(Path root) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(root)) {
            trust.setCertificateEntry("moor-dev", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}

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
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The website example over HTTPS with a development certificate, through the edge's container: moor up names the
 * development CA's root, a client that trusts it gets the site over HTTP/2, plain HTTP still serves.
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
        assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .build(), HttpResponse.BodyHandlers.ofString()).body()).contains("Example University");
        assertThat(moor.run("logs", "--edge").out()).as("the edge's first line names its TLS provider")
                .contains("TLS by openssl");
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

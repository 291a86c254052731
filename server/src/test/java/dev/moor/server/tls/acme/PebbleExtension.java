package dev.moor.server.tls.acme;

import dev.moor.server.tls.CertificateAuthority;
import dev.moor.server.tls.ServerCertificate;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import static org.awaitility.Awaitility.await;

/**
 * Starts Let's Encrypt's test ACME server for a test class: Debian's {@code pebble}, with {@code
 * pebble-challtestsrv} as its DNS server (every name is 127.0.0.1), on free loopback ports, in a temporary
 * directory, validating challenges against this class's {@link ChallengeResponder} (its HTTP port and TLS port are
 * pebble's {@code httpPort} and {@code tlsPort}), or, made by {@link #forEdge}, against whatever listens on two free
 * ports it names ({@link #httpPort()}, {@link #tlsPort()}): an edge. Pebble's own HTTPS uses a certificate of a Moor
 * CA made here, which {@link #directoryRoots()} gives the issuer to trust. No sleeps in pebble's validation, no nonce
 * rejected, no authorization reused, so every order is validated anew. Fails the class, never skips it, when pebble
 * is missing or does not start: {@code scripts/test} installs it.
 */
public final class PebbleExtension implements BeforeAllCallback, AfterAllCallback {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final boolean ownResponder;
    private final Optional<Duration> certificateValidity;
    private Path directory;
    private final List<Process> processes = new ArrayList<>();
    private ChallengeResponder responder;
    private int httpPort;
    private int tlsPort;
    private X509Certificate httpsRoot;
    private SSLContext trustingPebble;
    private URI acmeDirectory;
    private URI management;

    /** Validating against a {@link ChallengeResponder} of its own; certificates of pebble's default validity. */
    PebbleExtension() {
        this(true, Optional.empty());
    }

    private PebbleExtension(boolean ownResponder, Optional<Duration> certificateValidity) {
        this.ownResponder = ownResponder;
        this.certificateValidity = certificateValidity;
    }

    /**
     * Validating HTTP-01 on {@link #httpPort()} and TLS-ALPN-01 on {@link #tlsPort()}, two free loopback ports for an
     * edge to serve, and issuing certificates valid for {@code certificateValidity}.
     */
    public static PebbleExtension forEdge(Duration certificateValidity) {
        return new PebbleExtension(false, Optional.of(certificateValidity));
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        directory = Files.createTempDirectory("moor-pebble");
        if (ownResponder) {
            responder = new ChallengeResponder();
            httpPort = responder.httpPort();
            tlsPort = responder.tlsPort();
        } else {
            httpPort = freeTcpPort();
            tlsPort = freeTcpPort();
        }
        ServerCertificate https = CertificateAuthority.loadOrCreate(directory.resolve("ca")).issueServer(List.of());
        httpsRoot = https.ca();
        trustingPebble = trusting(httpsRoot);
        Path certificate = directory.resolve("pebble-cert.pem");
        Path key = directory.resolve("pebble-key.pem");
        Files.writeString(certificate, PemText.certificates(List.of(https.certificate())));
        Files.writeString(key, PemText.privateKey(https.key()));

        int dnsPort = freeTcpAndUdpPort();
        start("pebble-challtestsrv", List.of("pebble-challtestsrv", "-dns01", "127.0.0.1:" + dnsPort,
                "-http01", "", "-https01", "", "-tlsalpn01", "", "-management", "127.0.0.1:" + freeTcpPort(),
                "-defaultIPv4", "127.0.0.1", "-defaultIPv6", ""));
        await("pebble-challtestsrv's DNS on port " + dnsPort).atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(50))
                .until(() -> alive() && connects(dnsPort));

        int acmePort = freeTcpPort();
        int managementPort = freeTcpPort();
        Path config = directory.resolve("pebble-config.json");
        Files.writeString(config, """
                {"pebble": {
                  "listenAddress": "127.0.0.1:%d",
                  "managementListenAddress": "127.0.0.1:%d",
                  "certificate": "%s",
                  "privateKey": "%s",
                  "httpPort": %d,
                  "tlsPort": %d,
                  "ocspResponderURL": "",
                  "externalAccountBindingRequired": false%s
                }}
                """.formatted(acmePort, managementPort, certificate, key, httpPort, tlsPort, certificateValidity
                .map(validity -> ",\n  \"certificateValidityPeriod\": " + validity.toSeconds()).orElse("")));
        start("pebble", List.of("pebble", "-config", config.toString(), "-dnsserver", "127.0.0.1:" + dnsPort));
        acmeDirectory = URI.create("https://127.0.0.1:" + acmePort + "/dir");
        management = URI.create("https://127.0.0.1:" + managementPort);
        await("pebble's directory at " + acmeDirectory).atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(50))
                .until(() -> alive() && answers(acmeDirectory));
    }

    /** The ACME directory URL. */
    public URI directory() {
        return acmeDirectory;
    }

    /** The CA of pebble's HTTPS certificate, for the issuer's {@code trustedRoots}. */
    public List<X509Certificate> directoryRoots() {
        return List.of(httpsRoot);
    }

    /** The port pebble validates HTTP-01 challenges on (on 127.0.0.1, where every name resolves). */
    public int httpPort() {
        return httpPort;
    }

    /** The port pebble validates TLS-ALPN-01 challenges on. */
    public int tlsPort() {
        return tlsPort;
    }

    ChallengeResponder responder() {
        return responder;
    }

    /** The root pebble issues under in this run (made anew at each start), from its management interface. */
    public X509Certificate issuingRoot() throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newBuilder().sslContext(trustingPebble).build()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(management.resolve("/roots/0")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("pebble's /roots/0 answered " + response.statusCode() + ": " + response.body());
            }
            return Pems.certificates(response.body()).getFirst();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        for (Process process : processes.reversed()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
        if (responder != null) {
            responder.close();
        }
        if (directory != null) {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private void start(String name, List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve(name + ".log").toFile());
        builder.environment().remove("PEBBLE_VA_ALWAYS_VALID");
        builder.environment().put("PEBBLE_VA_NOSLEEP", "1");
        builder.environment().put("PEBBLE_WFE_NONCEREJECT", "0");
        builder.environment().put("PEBBLE_AUTHZREUSE", "0");
        try {
            processes.add(builder.start());
        } catch (IOException e) {
            throw new IllegalStateException(name + " cannot be started (" + e.getMessage() + "): the ACME tests need"
                    + " Debian's pebble package; scripts/test installs it (apt-get install pebble)", e);
        }
    }

    /** True while every process runs; throws with the log of one that ended, which fails the class. */
    private boolean alive() throws IOException {
        for (Process process : processes) {
            if (!process.isAlive()) {
                String name = process.info().command().map(c -> Path.of(c).getFileName().toString()).orElse("pebble");
                List<String> logs = new ArrayList<>();
                try (Stream<Path> files = Files.list(directory)) {
                    for (Path log : files.filter(f -> f.toString().endsWith(".log")).toList()) {
                        logs.add(log.getFileName() + ":\n" + Files.readString(log));
                    }
                }
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "\n"
                        + String.join("\n", logs));
            }
        }
        return true;
    }

    private boolean answers(URI uri) {
        try (HttpClient client = HttpClient.newBuilder().sslContext(trustingPebble)
                .connectTimeout(Duration.ofSeconds(2)).build()) {
            return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean connects(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static SSLContext trusting(X509Certificate root) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("pebble-https", root);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    private static int freeTcpPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The DNS server listens on both TCP and UDP of its port. */
    private static int freeTcpAndUdpPort() {
        for (int attempt = 0; attempt < 20; attempt++) {
            int port = freeTcpPort();
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
                return port;
            } catch (IOException e) {
                // Taken for UDP: another one.
            }
        }
        throw new IllegalStateException("no loopback port free for both TCP and UDP in 20 tries");
    }
}

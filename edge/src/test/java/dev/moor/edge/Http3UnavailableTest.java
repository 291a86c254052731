package dev.moor.edge;

import dev.moor.edge.tls.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.moor.edge.HandoffTest.freePort;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An edge whose QUIC native library cannot load (a JVM of its own, started without the library's jar) serves HTTPS
 * over TCP, binds no UDP socket, advertises no HTTP/3, and says once in its log that HTTP/3 is off.
 */
class Http3UnavailableTest {
    private static final String QUIC_NATIVE_JAR = "netty-codec-native-quic";
    private static final String OFF = "edge: HTTP/3 is off: the QUIC native library cannot load";

    @RegisterExtension
    final Backend backend = new Backend("over tcp");
    @TempDir
    Path dir;
    private final TestCertificates ca = TestCertificates.authority("Moor test CA");

    @Test
    void httpsIsServedOverTcpAloneAndTheLogSaysSoOnce() throws Exception {
        int port = freePort();
        TestCertificates.Issued certificate = ca.issue("localhost");
        Path chain = Files.writeString(dir.resolve("chain.pem"), certificate.chainPem());
        Path key = Files.writeString(dir.resolve("key.pem"), certificate.keyPem());
        String classPath = Arrays.stream(testClassPath().split(File.pathSeparator))
                .filter(entry -> !entry.contains(QUIC_NATIVE_JAR)).reduce((a, b) -> a + File.pathSeparator + b)
                .orElseThrow();
        Process edge = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", classPath, EdgeWithoutQuicMain.class.getName(),
                Integer.toString(port), chain.toString(), key.toString(), Integer.toString(backend.port()))
                .redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(edge.getInputStream(),
                StandardCharsets.UTF_8)); Writer input = new OutputStreamWriter(edge.getOutputStream(),
                StandardCharsets.UTF_8)) {
            readUntil(lines, "ready", output);

            try (HttpClient client = HttpClient.newBuilder().sslContext(ca.clientContext()).build()) {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                        URI.create("https://localhost:" + port + "/")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("over tcp");
                assertThat(response.headers().allValues("alt-svc")).isEmpty();
            }
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    port))) {
                assertThat(udp.isBound()).as("no UDP socket on the HTTPS port").isTrue();
            }
            input.write("again\n");
            input.flush();
            readUntil(lines, "updated", output);
        }
        assertThat(edge.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(output).filteredOn(line -> line.contains(OFF)).hasSize(1);
        assertThat(output).filteredOn(line -> line.startsWith("problems ")).containsOnly("problems []");
    }

    private static void readUntil(BufferedReader lines, String wanted, List<String> output) throws Exception {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            output.add(line);
            if (line.equals(wanted)) {
                return;
            }
        }
        throw new AssertionError("the edge stopped before saying " + wanted + ": " + String.join("\n", output));
    }

    /** The test class path: surefire runs tests from a jar that names it in its manifest, and tells it. */
    private static String testClassPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null ? surefire : System.getProperty("java.class.path");
    }
}

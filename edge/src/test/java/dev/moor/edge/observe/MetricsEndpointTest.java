package dev.moor.edge.observe;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@ExtendWith(FailOnNettyLeaks.class)
class MetricsEndpointTest {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private MetricsEndpoint endpoint;

    @AfterEach
    void stop() {
        client.close();
        if (endpoint != null) {
            endpoint.close();
        }
    }

    @Test
    void servesThePrometheusScrapeOnGetMetrics() throws Exception {
        EdgeMetrics metrics = new EdgeMetrics(registry);
        RouteMeters route = metrics.route("shop");
        MeterBuffer buffer = new MeterBuffer();
        buffer.requestStarted(route);
        buffer.requestFinished(route, 502, Duration.ofMillis(20).toNanos());
        buffer.flush();
        metrics.cluster("orders").upstreamError("connect");
        endpoint = start();

        HttpResponse<String> response = get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type"))
                .hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(response.body())
                .isEqualTo(registry.scrape())
                .contains("moor_edge_requests_total{route=\"shop\",status_class=\"5xx\"} 1.0\n")
                .contains("moor_edge_request_duration_seconds_count{route=\"shop\"} 1\n")
                .contains("moor_edge_upstream_errors_total{cluster=\"orders\",kind=\"connect\"} 1.0\n");
    }

    @Test
    void flushesBufferedSamplesBeforeEachScrape() throws Exception {
        RouteMeters route = new EdgeMetrics(registry).route("shop");
        MeterBuffer buffer = new MeterBuffer();
        // The test thread records, the endpoint's thread flushes: the lock hands the samples over.
        endpoint = MetricsEndpoint.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), registry, () -> {
            synchronized (buffer) {
                buffer.flush();
            }
        });
        synchronized (buffer) {
            buffer.requestStarted(route);
        }

        assertThat(get("/metrics?name[]=x").body()).contains("moor_edge_requests_in_flight{route=\"shop\"} 1.0\n");
        synchronized (buffer) {
            buffer.requestFinished(route, 200, 1);
        }
        assertThat(get("/metrics").body()).contains("moor_edge_requests_in_flight{route=\"shop\"} 0.0\n")
                .contains("moor_edge_requests_total{route=\"shop\",status_class=\"2xx\"} 1.0\n");
    }

    @Test
    void answersOtherPathsWith404AndOtherMethodsWith405() throws Exception {
        endpoint = start();

        assertThat(get("/").statusCode()).isEqualTo(404);
        assertThat(get("/metrics/extra").statusCode()).isEqualTo(404);
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(uri("/metrics"))
                .POST(HttpRequest.BodyPublishers.ofString("x=1")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("allow")).hasValue("GET, HEAD");
        HttpResponse<Void> head = client.send(HttpRequest.newBuilder(uri("/metrics"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(get("/metrics").statusCode()).as("the connection still serves").isEqualTo(200);
    }

    @Test
    void answersAMalformedRequestWith400AndCloses() throws IOException {
        endpoint = start();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), endpoint.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(response).startsWith("HTTP/1.1 400 ");
        }
    }

    @Test
    void reportsAnAddressAnotherProgramHolds() throws IOException {
        try (ServerSocket other = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int taken = other.getLocalPort();
            assertThatThrownBy(() -> MetricsEndpoint.start(new InetSocketAddress("127.0.0.1", taken), registry, () -> { }))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("metrics endpoint: cannot listen on 127.0.0.1:" + taken + ": Address already in use");
        }
    }

    /** The edge that replaces another binds the metrics port while the old one still serves it. */
    @Test
    void aSuccessorListensBesideItsPredecessorAndServesAlone() throws Exception {
        endpoint = start();
        int port = endpoint.port();
        MetricsEndpoint successor = MetricsEndpoint.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                registry, () -> { });
        try {
            endpoint.close();
            endpoint = successor;
            assertThat(get("/metrics").statusCode()).isEqualTo(200);
        } finally {
            endpoint = successor;
        }
    }

    @Test
    void stopsListeningWhenClosed() throws Exception {
        endpoint = start();
        int port = endpoint.port();
        assertThat(get("/metrics").statusCode()).isEqualTo(200);

        endpoint.close();
        endpoint = null;

        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
                .isInstanceOf(ConnectException.class);
        await().atMost(Duration.ofSeconds(5)).until(() ->
                Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("moor-edge-metrics")));
    }

    private MetricsEndpoint start() {
        return MetricsEndpoint.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), registry, () -> { });
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + endpoint.port() + path);
    }
}

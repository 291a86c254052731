package dev.moor.edge;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.BrotliInputStream;
import com.github.luben.zstd.ZstdInputStream;
import dev.moor.edge.compression.Compression;
import dev.moor.edge.compression.CompressionFilter;
import dev.moor.edge.filter.RouteFilters;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static dev.moor.edge.Snapshots.cluster;
import static dev.moor.edge.Snapshots.route;
import static dev.moor.edge.Snapshots.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

/** A route that compresses, through a real edge to a real backend, decoded by the tests as a client would. */
@ExtendWith(NettyLeaks.class)
class CompressionThroughEdgeTest {
    private static final byte[] PAGE = page();

    @RegisterExtension
    final Backend backend = new Backend("unused");
    @RegisterExtension
    final Edge edge = new Edge(1).filters(route -> route.id().equals("compressed")
            ? new RouteFilters(List.of(), List.of(new CompressionFilter(Compression.builder().build())))
            : RouteFilters.NONE);

    @BeforeAll
    static void loadBrotli() {
        Brotli4jLoader.ensureAvailability();
    }

    static byte[] page() {
        StringBuilder html = new StringBuilder("<!doctype html><html><head><title>Moor</title></head><body>\n");
        for (int i = 0; i < 400; i++) {
            html.append("<p class=\"line\">Line ").append(i).append(": the edge compresses what a client accepts.</p>\n");
        }
        return html.append("</body></html>\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private void serve(String contentType, byte[] body) {
        backend.respond((request, ctx) -> {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.wrappedBuffer(body));
            response.headers().set("content-type", contentType).set("etag", "\"v1\"").set("accept-ranges", "bytes");
            HttpUtil.setContentLength(response, body.length);
            ctx.writeAndFlush(response);
        });
        assertThat(edge.update(snapshot(List.of(route("compressed", "/", "app/web"), route("plain", "/plain", "app/web")),
                cluster("app/web", backend.endpoint())))).isEmpty();
    }

    private HttpResponse<byte[]> get(String path, String acceptEncoding) {
        HttpRequest.Builder request = HttpRequest.newBuilder(edge.uri(path)).timeout(Duration.ofSeconds(20));
        if (acceptEncoding != null) {
            request.header("Accept-Encoding", acceptEncoding);
        }
        try {
            return edge.client().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static byte[] decode(String coding, byte[] body) {
        try (InputStream in = switch (coding) {
            case "gzip" -> new GZIPInputStream(new ByteArrayInputStream(body));
            case "zstd" -> new ZstdInputStream(new ByteArrayInputStream(body));
            case "br" -> new BrotliInputStream(new ByteArrayInputStream(body));
            default -> throw new IllegalArgumentException(coding);
        }) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "zstd", "br"})
    void aCompressibleResponseIsEncodedInTheCodingTheClientAccepts(String coding) {
        serve("text/html; charset=utf-8", PAGE);

        HttpResponse<byte[]> response = get("/index.html", coding);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-encoding")).hasValue(coding);
        assertThat(response.headers().firstValue("vary")).hasValue("Accept-Encoding");
        assertThat(response.headers().firstValue("etag")).hasValue("W/\"v1\"");
        assertThat(response.headers().map()).doesNotContainKeys("content-length", "accept-ranges");
        assertThat(response.headers().firstValue("transfer-encoding")).hasValue("chunked");
        assertThat(response.body().length).isLessThan(PAGE.length / 2);
        assertThat(decode(coding, response.body())).isEqualTo(PAGE);
    }

    @Test
    void aRouteWhoseSnapshotSaysCompressIsCompressed() {
        serve("text/html", PAGE);
        dev.moor.snapshot.Route plain = route("by-setting", "/", "app/web");
        dev.moor.snapshot.Route compressing = new dev.moor.snapshot.Route(plain.id(), plain.host(), plain.pathPrefix(),
                plain.methods(), plain.headers(), plain.rewritePrefix(), plain.backends(), plain.timeouts(), plain.retry(),
                plain.port(), plain.canary(), plain.httpsRedirect(), plain.hsts(), true, java.util.Optional.empty());
        assertThat(edge.update(snapshot(List.of(compressing), cluster("app/web", backend.endpoint())))).isEmpty();

        HttpResponse<byte[]> response = get("/", "gzip");

        assertThat(response.headers().firstValue("content-encoding")).hasValue("gzip");
        assertThat(decode("gzip", response.body())).isEqualTo(PAGE);
    }

    @Test
    void theServersPreferenceBreaksATieAndQValuesDecide() {
        serve("text/html", PAGE);

        assertThat(get("/", "gzip, br, zstd").headers().firstValue("content-encoding")).hasValue("zstd");
        assertThat(get("/", "gzip;q=1, zstd;q=0.5").headers().firstValue("content-encoding")).hasValue("gzip");
        assertThat(get("/", "zstd;q=0, gzip;q=0").headers().firstValue("content-encoding")).isEmpty();
    }

    @Test
    void withoutAcceptEncodingTheBodyGoesAsItIsAndTheAnswerSaysItVaries() {
        serve("text/html", PAGE);

        HttpResponse<byte[]> response = get("/", null);

        assertThat(response.headers().firstValue("content-encoding")).isEmpty();
        assertThat(response.headers().firstValue("content-length")).hasValue(String.valueOf(PAGE.length));
        assertThat(response.headers().firstValue("vary")).hasValue("Accept-Encoding");
        assertThat(response.body()).isEqualTo(PAGE);
    }

    @Test
    void imagesSmallBodiesEncodedBodiesAndRoutesWithoutTheFilterAreLeftAlone() {
        serve("image/png", PAGE);
        assertThat(get("/logo.png", "gzip").headers().firstValue("content-encoding")).isEmpty();

        serve("text/html", "<p>tiny</p>".getBytes(StandardCharsets.UTF_8));
        HttpResponse<byte[]> tiny = get("/tiny", "gzip");
        assertThat(tiny.headers().firstValue("content-encoding")).isEmpty();
        assertThat(new String(tiny.body(), StandardCharsets.UTF_8)).isEqualTo("<p>tiny</p>");

        serve("text/html", PAGE);
        HttpResponse<byte[]> plain = get("/plain/page", "gzip");
        assertThat(plain.headers().firstValue("content-encoding")).isEmpty();
        assertThat(plain.headers().firstValue("vary")).isEmpty();
        assertThat(plain.body()).isEqualTo(PAGE);
    }

    @Test
    void anUpstreamThatCompressedAlreadyIsNotCompressedTwice() {
        backend.respond(Backend.raw("HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-encoding: gzip\r\n"
                + "content-length: 4\r\n\r\nGZIP"));
        assertThat(edge.update(snapshot(List.of(route("compressed", "/", "app/web")),
                cluster("app/web", backend.endpoint())))).isEmpty();

        HttpResponse<byte[]> response = get("/", "gzip, zstd");

        assertThat(response.headers().allValues("content-encoding")).containsExactly("gzip");
        assertThat(new String(response.body(), StandardCharsets.US_ASCII)).isEqualTo("GZIP");
    }

    @Test
    void aStreamedBodyIsCompressedPieceByPieceAndOverHttp2Too() throws Exception {
        backend.respond((request, ctx) -> Backend.chunked(List.of("<p>one</p>", "<p>two</p>", "<p>three</p>"),
                Duration.ofMillis(20)).respond(request, ctx));
        assertThat(edge.update(snapshot(List.of(route("compressed", "/", "app/web")),
                cluster("app/web", backend.endpoint())))).isEmpty();
        // The backend's chunked responder sends no content type: the body is not known to be compressible.
        HttpResponse<byte[]> untyped = get("/", "gzip");
        assertThat(untyped.headers().firstValue("content-encoding")).isEmpty();

        backend.respond(Backend.raw("HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ntransfer-encoding: chunked\r\n\r\n"
                + "a\r\n<p>one</p>\r\na\r\n<p>two</p>\r\n0\r\n\r\n"));
        HttpResponse<byte[]> streamed = get("/", "zstd");
        assertThat(streamed.headers().firstValue("content-encoding")).hasValue("zstd");
        assertThat(new String(decode("zstd", streamed.body()), StandardCharsets.UTF_8)).isEqualTo("<p>one</p><p>two</p>");

        serve("text/html", PAGE);
        try (H2Client client = new H2Client(edge.port())) {
            java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
            H2Client.Stream stream = client.open(received::writeBytes);
            stream.headers(H2Client.request("GET", "/", "127.0.0.1:" + edge.port()).set("accept-encoding", "br"), true);
            H2Client.Response http2 = stream.await();
            assertThat(http2.headers().get("content-encoding")).hasToString("br");
            assertThat(http2.headers().contains("content-length")).isFalse();
            assertThat(decode("br", received.toByteArray())).isEqualTo(PAGE);
        }
    }
}

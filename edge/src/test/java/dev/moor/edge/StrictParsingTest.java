package dev.moor.edge;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Malformed or ambiguous requests are answered by the edge and never reach a backend. */
@ExtendWith(NettyLeaks.class)
class StrictParsingTest {
    private static final String CHUNKED = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";

    @RegisterExtension
    final Backend backend = new Backend("app");
    @RegisterExtension
    final Edge edge = new Edge(1);

    static Stream<Arguments> rejected() {
        return Stream.of(
                arguments("Content-Length with Transfer-Encoding", 400,
                        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"),
                arguments("Transfer-Encoding with Content-Length", 400,
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n3\r\nabc\r\n0\r\n\r\n"),
                arguments("duplicate equal Content-Length", 400,
                        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc"),
                arguments("duplicate different Content-Length", 400,
                        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd"),
                arguments("Content-Length list", 400, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3, 3\r\n\r\nabc"),
                arguments("non-numeric Content-Length", 400, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: abc\r\n\r\nabc"),
                arguments("signed Content-Length", 400, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +3\r\n\r\nabc"),
                arguments("negative Content-Length", 400, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -3\r\n\r\nabc"),
                arguments("overflowing Content-Length", 400,
                        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999999\r\n\r\nabc"),
                arguments("chunk size not hex", 400, CHUNKED + "zz\r\nabc\r\n0\r\n\r\n"),
                arguments("negative chunk size", 400, CHUNKED + "-3\r\nabc\r\n0\r\n\r\n"),
                arguments("chunk size with 0x", 400, CHUNKED + "0x3\r\nabc\r\n0\r\n\r\n"),
                arguments("overflowing chunk size", 400, CHUNKED + "fffffffffffffffff3\r\nabc\r\n0\r\n\r\n"),
                arguments("chunk size with trailing space", 400, CHUNKED + "3 \r\nabc\r\n0\r\n\r\n"),
                arguments("empty chunk size", 400, CHUNKED + "\r\nabc\r\n0\r\n\r\n"),
                arguments("chunk data without CRLF", 400, CHUNKED + "3\r\nabcXX0\r\n\r\n"),
                arguments("chunk lines ending in bare LF", 400, CHUNKED + "3\nabc\n0\n\n"),
                arguments("obs-fold with a space", 400, "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\r\n c\r\n\r\n"),
                arguments("obs-fold with a tab", 400, "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\r\n\tc\r\n\r\n"),
                arguments("obs-fold of the first header", 400, "GET / HTTP/1.1\r\n Host: a\r\n\r\n"),
                arguments("bare LF after the request line", 400, "GET / HTTP/1.1\nHost: a\r\n\r\n"),
                arguments("bare LF after a header", 400, "GET / HTTP/1.1\r\nHost: a\nX-A: b\r\n\r\n"),
                arguments("bare LF everywhere", 400, "GET / HTTP/1.1\nHost: a\n\n"),
                arguments("bare CR as a line end", 400, "GET / HTTP/1.1\rHost: a\r\n\r\n"),
                arguments("bare CR in a value", 400, "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\rc\r\n\r\n"),
                arguments("request line over 16 KiB", 400,
                        "GET /" + "a".repeat(17 * 1024) + " HTTP/1.1\r\nHost: a\r\n\r\n"),
                arguments("headers over 64 KiB", 431,
                        "GET / HTTP/1.1\r\nHost: a\r\n" + "X-Filler: " + "b".repeat(1000) + "\r\n".repeat(1)
                                .repeat(1) + ("X-More: " + "c".repeat(1000) + "\r\n").repeat(66) + "\r\n"),
                arguments("space before a header colon", 400, "GET / HTTP/1.1\r\nHost: a\r\nX-A : b\r\n\r\n"),
                arguments("header name with a separator", 400, "GET / HTTP/1.1\r\nHost: a\r\nX(A): b\r\n\r\n"),
                arguments("empty header name", 400, "GET / HTTP/1.1\r\nHost: a\r\n: b\r\n\r\n"),
                arguments("header line without a colon", 400, "GET / HTTP/1.1\r\nHost: a\r\nXAb\r\n\r\n"),
                arguments("control character in a value", 400, "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\u0001c\r\n\r\n"),
                arguments("NUL in a value", 400, "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\u0000c\r\n\r\n"),
                arguments("DEL in a value", 400, "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\u007fc\r\n\r\n"),
                arguments("transfer coding other than chunked", 400,
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\nabc"),
                arguments("chunked after another coding", 400,
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"),
                arguments("chunked twice", 400, "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"),
                arguments("Transfer-Encoding in HTTP/1.0", 400,
                        "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"),
                arguments("two Host headers", 400, "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"),
                arguments("no Host in HTTP/1.1", 400, "GET / HTTP/1.1\r\nX-A: b\r\n\r\n"),
                arguments("Host with a slash", 400, "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n"),
                arguments("Host with userinfo", 400, "GET / HTTP/1.1\r\nHost: user@a\r\n\r\n"),
                arguments("control character in the target", 400, "GET /a\u0001b HTTP/1.1\r\nHost: a\r\n\r\n"),
                arguments("non-ASCII in the target", 400, "GET /caf\u00e9 HTTP/1.1\r\nHost: a\r\n\r\n"),
                arguments("space in the target", 400, "GET /a b HTTP/1.1\r\nHost: a\r\n\r\n"),
                arguments("target not a path", 400, "GET a/b HTTP/1.1\r\nHost: a\r\n\r\n"),
                arguments("asterisk target outside OPTIONS", 400, "GET * HTTP/1.1\r\nHost: a\r\n\r\n"),
                arguments("invalid method", 400, "G(T / HTTP/1.1\r\nHost: a\r\n\r\n"),
                arguments("invalid version", 400, "GET / FOO\r\nHost: a\r\n\r\n"),
                arguments("HTTP/0.9 request line", 400, "GET /\r\n\r\n"),
                arguments("unknown HTTP version", 505, "GET / HTTP/1.7\r\nHost: a\r\n\r\n"),
                arguments("CONNECT", 405, "CONNECT a:443 HTTP/1.1\r\nHost: a:443\r\n\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    void rejectedAndNeverForwarded(String name, int status, String request) throws Exception {
        edge.update(Snapshots.single(backend));

        String response;
        try (RawHttp raw = new RawHttp(edge.port())) {
            response = raw.send(request).readUntilClosed();
        }

        assertThat(response).startsWith("HTTP/1.1 " + status + " ");
        assertThat(response).containsIgnoringCase("connection: close").contains("\"request_id\":\"");
        assertThat(response).as("the edge closed the connection").doesNotContain("<timeout");
        assertThat(backend.requests()).as("requests the backend saw").isEmpty();
    }

    @Test
    void badChunkAfterAForwardedRequestOnAPooledConnectionIsNeverFlushed() throws Exception {
        edge.update(Snapshots.single(backend));
        assertThat(edge.get("/warm").statusCode()).isEqualTo(200);

        String response;
        try (RawHttp raw = new RawHttp(edge.port())) {
            response = raw.send(CHUNKED + "3\r\nabc\r\nzz\r\nabc\r\n0\r\n\r\n").readUntilClosed();
        }

        assertThat(response).startsWith("HTTP/1.1 400 ");
        assertThat(backend.requests()).extracting(r -> r.uri).containsExactly("/warm");
    }

    @Test
    void requestsJustWithinTheLimitsAreServed() throws Exception {
        edge.update(Snapshots.single(backend));
        String longPath = "/" + "a".repeat(16 * 1024 - 20);
        String bigHeaders = ("X-More: " + "c".repeat(1000) + "\r\n").repeat(60);

        try (RawHttp raw = new RawHttp(edge.port())) {
            String response = raw.send("GET " + longPath + " HTTP/1.1\r\nHost: a\r\n\r\n"
                    + "GET / HTTP/1.1\r\nHost: a\r\n" + bigHeaders + "\r\n").readResponses(2);
            assertThat(response.split("HTTP/1.1 200 ", -1)).hasSize(3);
        }
        assertThat(backend.requests()).hasSize(2);
        assertThat(backend.requests().getFirst().uri).isEqualTo(longPath);
    }

    @Test
    void toleratedVariantsAreNormalisedAndServed() throws Exception {
        edge.update(Snapshots.single(backend));

        try (RawHttp raw = new RawHttp(edge.port())) {
            String response = raw.send("\r\nPOST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\n"
                    + "3;ext=1\r\nabc\r\n0\r\nX-Trailer: t\r\n\r\n").readResponses(1);
            assertThat(response).startsWith("HTTP/1.1 200 ");
        }
        assertThat(backend.lastRequest().body()).isEqualTo("abc");
    }
}

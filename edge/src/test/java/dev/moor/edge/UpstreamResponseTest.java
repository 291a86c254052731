package dev.moor.edge;

import dev.moor.snapshot.RetryPolicy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static dev.moor.edge.Snapshots.cluster;
import static dev.moor.edge.Snapshots.route;
import static dev.moor.edge.Snapshots.snapshot;
import static dev.moor.edge.Snapshots.withRetry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** How the edge reads upstream responses: framings, partial reads, and what makes a response unusable (502). */
@ExtendWith(NettyLeaks.class)
class UpstreamResponseTest {
    @RegisterExtension
    final Backend backend = new Backend("app");
    @RegisterExtension
    final Edge edge = new Edge(1);

    private void serve() {
        edge.update(snapshot(List.of(withRetry(route("all", "/", "app"), new RetryPolicy(0, 20, 10))),
                cluster("app", backend.endpoint())));
    }

    static Stream<Arguments> served() {
        return Stream.of(
                arguments("content-length", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: 1\r\n\r\nhello", "hello"),
                arguments("chunked with extension and trailer", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Checksum: 42\r\n\r\n", "hello world"),
                arguments("bare LF line endings", "HTTP/1.1 200 OK\nContent-Length: 5\nX-A: 1\n\nhello", "hello"),
                arguments("empty reason", "HTTP/1.1 200 \r\nContent-Length: 2\r\n\r\nok", "ok"),
                arguments("no reason", "HTTP/1.1 200\r\nContent-Length: 2\r\n\r\nok", "ok"),
                arguments("equal duplicate Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok",
                        "ok"),
                arguments("HTTP/1.0 keep-alive", "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok",
                        "ok"),
                arguments("interim 103 first", "HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n"
                        + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", "ok"),
                arguments("204", "HTTP/1.1 204 No Content\r\nX-A: 1\r\n\r\n", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("served")
    void servedWholeAndTrickled(String name, String response, String body) throws Exception {
        for (int piece : new int[]{response.length(), 1, 3}) {
            backend.respond(Backend.trickle(response, piece));
            serve();
            try (RawHttp raw = new RawHttp(edge.port())) {
                String received = raw.send("GET /x HTTP/1.1\r\nHost: a\r\n\r\n").readResponses(1);
                String last = received.substring(received.lastIndexOf("HTTP/1.1 "));
                assertThat(last).as("piece %d", piece).doesNotContain("\"status\":502");
                assertThat(dechunk(last.substring(last.indexOf("\r\n\r\n") + 4))).as("piece %d", piece).isEqualTo(body);
                assertThat(last).containsIgnoringCase("x-request-id: ");
            }
        }
    }

    /** The body of a chunked message without its framing (or the text as it is when it is not chunked). */
    private static String dechunk(String body) {
        if (!body.contains("\r\n")) {
            return body;
        }
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int lineEnd = body.indexOf("\r\n", at);
            int size = Integer.parseInt(body.substring(at, lineEnd), 16);
            if (size == 0) {
                return out.toString();
            }
            out.append(body, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
    }

    @Test
    void trailersReachAChunkedClient() throws Exception {
        backend.respond(Backend.raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "2\r\nok\r\n0\r\nX-Checksum: 42\r\nContent-Length: 9\r\n\r\n"));
        serve();
        try (RawHttp raw = new RawHttp(edge.port())) {
            raw.send("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
            assertThat(raw.readUntilClosed()).endsWith("2\r\nok\r\n0\r\nX-Checksum: 42\r\n\r\n");
        }
    }

    @Test
    void chunkedBodyGoesToAnHttp10ClientDelimitedByClose() throws Exception {
        backend.respond(Backend.raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"));
        serve();
        try (RawHttp raw = new RawHttp(edge.port())) {
            String response = raw.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").readUntilClosed();
            assertThat(response).doesNotContainIgnoringCase("transfer-encoding").containsIgnoringCase("connection: close")
                    .endsWith("\r\n\r\nhello");
        }
    }

    @Test
    void connectionCloseFromTheUpstreamIsNotPassedOnButTheConnectionIsNotReused() {
        backend.respond(Backend.thenClose(Backend.raw("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok")));
        serve();

        var first = edge.get("/1");
        var second = edge.get("/2");

        assertThat(first.body()).isEqualTo("ok");
        assertThat(first.headers().firstValue("connection")).isEmpty();
        assertThat(second.body()).isEqualTo("ok");
        assertThat(backend.connectionsAccepted()).isEqualTo(2);
    }

    @Test
    void bytesAfterAResponseMakeTheConnectionUnusable() {
        backend.respond(Backend.raw("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokGARBAGE"));
        serve();

        assertThat(edge.get("/1").body()).isEqualTo("ok");
        assertThat(edge.get("/2").body()).isEqualTo("ok");
        assertThat(backend.connectionsAccepted()).isEqualTo(2);
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                arguments("not HTTP", "HELLO THERE\r\n\r\n"),
                arguments("HTTP/2 status line", "HTTP/2 200 OK\r\n\r\n"),
                arguments("two-digit status", "HTTP/1.1 20 OK\r\n\r\n"),
                arguments("obs-fold", "HTTP/1.1 200 OK\r\nX-A: 1\r\n 2\r\nContent-Length: 0\r\n\r\n"),
                arguments("space before colon", "HTTP/1.1 200 OK\r\nX-A : 1\r\nContent-Length: 0\r\n\r\n"),
                arguments("control character", "HTTP/1.1 200 OK\r\nX-A: 1\u00012\r\nContent-Length: 0\r\n\r\n"),
                arguments("bare CR", "HTTP/1.1 200 OK\r\nX-A: 1\r2\r\nContent-Length: 0\r\n\r\n"),
                arguments("Content-Length and Transfer-Encoding",
                        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n"),
                arguments("conflicting Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok!"),
                arguments("non-numeric Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: two\r\n\r\nok"),
                arguments("gzip transfer coding", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n"),
                arguments("unasked 101", "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    void invalidResponseHeadIs502(String name, String response) {
        backend.respond(Backend.raw(response));
        serve();

        var answer = edge.get("/");

        assertThat(answer.statusCode()).isEqualTo(502);
        assertThat(answer.body()).contains("upstream sent an invalid response");
    }

    @Test
    void invalidChunkFramingAfterTheHeadCutsTheClientOff() throws Exception {
        backend.respond(Backend.raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nokXX"));
        serve();
        try (RawHttp raw = new RawHttp(edge.port())) {
            String response = raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").readUntilClosed();
            // Closed, never hung; the client cannot take the broken response for a whole one.
            assertThat(response).doesNotContain("<timeout").doesNotEndWith("0\r\n\r\n");
        }
    }
}

package dev.moor.edge.compression;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.moor.edge.compression.EligibilityTest.headers;
import static org.assertj.core.api.Assertions.assertThat;

class CodingHeadersTest {
    private static final Compression DEFAULTS = Compression.builder().build();

    @Test
    void aCompressedResponseNamesItsCodingVariesAndLosesItsLengthAndRanges() {
        HttpHeaders headers = headers("Content-Type: text/html ~ Content-Length: 5000 ~ ETag: \"v1\" "
                + "~ Accept-Ranges: bytes ~ Vary: Origin ~ Last-Modified: Tue, 01 Dec 2026 10:00:00 GMT");

        Encoder encoder = DEFAULTS.apply(Coding.GZIP, false, 200, HeadersView.of(headers), ByteBufAllocator.DEFAULT);
        try {
            assertThat(encoder.coding()).isEqualTo(Coding.GZIP);
        } finally {
            encoder.release();
        }

        assertThat(headers.get(HttpHeaderNames.CONTENT_ENCODING)).isEqualTo("gzip");
        assertThat(headers.getAll(HttpHeaderNames.VARY)).containsExactly("Origin, Accept-Encoding");
        assertThat(headers.get(HttpHeaderNames.ETAG)).isEqualTo("W/\"v1\"");
        assertThat(headers.contains(HttpHeaderNames.CONTENT_LENGTH)).isFalse();
        assertThat(headers.contains(HttpHeaderNames.ACCEPT_RANGES)).isFalse();
        assertThat(headers.get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("text/html");
        assertThat(headers.get(HttpHeaderNames.LAST_MODIFIED)).isEqualTo("Tue, 01 Dec 2026 10:00:00 GMT");
    }

    @Test
    void aCompressibleResponseToAClientThatAcceptsNoCodingStaysAsItIsButVaries() {
        HttpHeaders headers = headers("Content-Type: text/html ~ Content-Length: 5000 ~ ETag: \"v1\"");

        assertThat(DEFAULTS.apply(null, false, 200, HeadersView.of(headers), ByteBufAllocator.DEFAULT)).isNull();

        assertThat(headers.get(HttpHeaderNames.VARY)).isEqualTo("Accept-Encoding");
        assertThat(headers.get(HttpHeaderNames.ETAG)).isEqualTo("\"v1\"");
        assertThat(headers.get(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo("5000");
        assertThat(headers.contains(HttpHeaderNames.CONTENT_ENCODING)).isFalse();
    }

    @Test
    void aResponseThatDoesNotQualifyIsLeftAsItIs() {
        String head = "Content-Type: image/png ~ Content-Length: 5000 ~ ETag: \"v1\" ~ Accept-Ranges: bytes";
        HttpHeaders headers = headers(head);

        assertThat(DEFAULTS.apply(Coding.BROTLI, false, 200, HeadersView.of(headers), ByteBufAllocator.DEFAULT)).isNull();

        assertThat(headers).isEqualTo(headers(head));
    }

    @Test
    void aNotModifiedAnswerRevalidatesTheCompressedCopyWithItsWeakTag() {
        HttpHeaders accepted = headers("ETag: \"v1\" ~ Cache-Control: max-age=60");
        HttpHeaders identity = headers("ETag: \"v1\" ~ Cache-Control: max-age=60");

        assertThat(DEFAULTS.apply(Coding.ZSTD, false, 304, HeadersView.of(accepted), ByteBufAllocator.DEFAULT)).isNull();
        assertThat(DEFAULTS.apply(null, false, 304, HeadersView.of(identity), ByteBufAllocator.DEFAULT)).isNull();

        assertThat(accepted.get(HttpHeaderNames.ETAG)).isEqualTo("W/\"v1\"");
        assertThat(accepted.get(HttpHeaderNames.VARY)).isEqualTo("Accept-Encoding");
        assertThat(identity.get(HttpHeaderNames.ETAG)).isEqualTo("\"v1\"");
        assertThat(identity.get(HttpHeaderNames.VARY)).isEqualTo("Accept-Encoding");
    }

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            ''                              | Accept-Encoding
            Origin                          | Origin, Accept-Encoding
            Origin ~ Vary: Cookie           | Origin, Cookie, Accept-Encoding
            'Origin, accept-encoding'       | Origin, accept-encoding
            Cookie ~ Vary: ACCEPT-ENCODING  | Cookie ~ ACCEPT-ENCODING
            *                               | *
            """)
    void varyIsMergedWithAcceptEncoding(String vary, String expected) {
        HttpHeaders headers = vary.isEmpty() ? headers("Content-Type: text/html") : headers("Vary: " + vary);

        CodingHeaders.varied(HeadersView.of(headers));

        assertThat(String.join(" ~ ", headers.getAll(HttpHeaderNames.VARY))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            '"abc"'          | 'W/"abc"'
            'W/"abc"'        | 'W/"abc"'
            '""'             | 'W/""'
            """)
    void aStrongETagBecomesWeak(String etag, String expected) {
        HttpHeaders headers = headers("ETag: " + etag);

        CodingHeaders.weakenETag(HeadersView.of(headers));

        assertThat(headers.get(HttpHeaderNames.ETAG)).isEqualTo(expected);
    }
}

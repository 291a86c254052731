package dev.moor.edge.compression;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EligibilityTest {
    private static final Compression DEFAULTS = Compression.builder().build();

    @ParameterizedTest(name = "{0} {1} [{2}] -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            GET  | 200 | Content-Type: text/html; charset=utf-8 ~ Content-Length: 5000    | COMPRESSIBLE
            GET  | 200 | Content-Type: application/json                                  | COMPRESSIBLE
            GET  | 203 | Content-Type: text/css ~ Content-Length: 2048                    | COMPRESSIBLE
            GET  | 200 | Content-Type: application/problem+json                          | COMPRESSIBLE
            GET  | 200 | Content-Type: image/svg+xml                                     | COMPRESSIBLE
            GET  | 200 | Content-Type: application/wasm                                  | COMPRESSIBLE
            GET  | 200 | Content-Type: TEXT/HTML                                         | COMPRESSIBLE
            GET  | 200 | Content-Type: text/event-stream                                 | COMPRESSIBLE
            GET  | 200 | Content-Type:   application/javascript ;charset=utf-8           | COMPRESSIBLE
            POST | 200 | Content-Type: application/json ~ Content-Length: 4096           | COMPRESSIBLE
            GET  | 200 | Content-Type: image/png                                         | MEDIA_TYPE
            GET  | 200 | Content-Type: font/woff2                                        | MEDIA_TYPE
            GET  | 200 | Content-Type: application/octet-stream                          | MEDIA_TYPE
            GET  | 200 | Content-Type: application/zip                                   | MEDIA_TYPE
            GET  | 200 | Content-Type: +json                                             | MEDIA_TYPE
            GET  | 200 | Content-Type: text                                              | MEDIA_TYPE
            GET  | 200 | Content-Length: 5000                                            | MEDIA_TYPE
            GET  | 200 | Content-Type: text/html ~ Content-Encoding: gzip                | ENCODED
            GET  | 200 | Content-Type: text/html ~ Content-Encoding: identity            | ENCODED
            GET  | 200 | Content-Type: text/html ~ Content-Length: 1023                  | TOO_SMALL
            GET  | 200 | Content-Type: text/html ~ Content-Length: 0                     | TOO_SMALL
            GET  | 200 | Content-Type: text/html ~ Content-Length: 1024                  | COMPRESSIBLE
            GET  | 200 | Content-Type: text/html ~ Cache-Control: public, no-transform   | NO_TRANSFORM
            GET  | 200 | Content-Type: text/html ~ Cache-Control: No-Transform           | NO_TRANSFORM
            GET  | 200 | Content-Type: text/html ~ Cache-Control: max-age=60             | COMPRESSIBLE
            GET  | 206 | Content-Type: text/html ~ Content-Range: bytes 0-99/5000        | STATUS
            GET  | 404 | Content-Type: text/html                                         | STATUS
            GET  | 500 | Content-Type: text/html                                         | STATUS
            GET  | 301 | Content-Type: text/html                                         | STATUS
            HEAD | 200 | Content-Type: text/html ~ Content-Length: 5000                  | BODILESS
            GET  | 204 | Content-Type: text/html                                         | BODILESS
            GET  | 103 | Link: </style.css>; rel=preload                                 | BODILESS
            GET  | 304 | ETag: "a"                                                       | NOT_MODIFIED
            HEAD | 304 | ETag: "a"                                                       | NOT_MODIFIED
            GET  | 304 | Content-Type: text/html                                         | NOT_MODIFIED
            GET  | 304 | Content-Type: image/png                                         | MEDIA_TYPE
            GET  | 304 | Content-Encoding: br                                            | ENCODED
            GET  | 304 | Cache-Control: no-transform                                     | NO_TRANSFORM
            """)
    void judgesAResponseOnItsStatusAndHead(String method, int status, String head, Eligibility expected) {
        assertThat(DEFAULTS.eligibility(method.equals("HEAD"), status, HeadersView.of(headers(head)))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            text/*            | text/plain               | true
            text/*            | textual/plain            | false
            +json             | application/vnd.api+json | true
            +json             | application/json         | false
            application/json  | Application/JSON         | true
            application/json  | application/json5        | false
            """)
    void mediaTypePatternsMatchTypesWildcardsAndSuffixes(String pattern, String contentType, boolean matches) {
        assertThat(MediaTypes.of(List.of(pattern)).matches(contentType)).isEqualTo(matches);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            text        | mediaTypes[1]: text (expected: type/subtype, type/* or +suffix)
            */*         | mediaTypes[1]: */* (expected: type/subtype, type/* or +suffix)
            +           | mediaTypes[1]: + (expected: type/subtype, type/* or +suffix)
            text/ html  | mediaTypes[1]: text/ html (expected: type/subtype, type/* or +suffix)
            """)
    void aMediaTypePatternThatIsNoneOfTheFormsIsRefused(String pattern, String message) {
        assertThatThrownBy(() -> Compression.builder().mediaTypes(List.of("text/*", pattern)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            minimumSize   | -1 | minimumSize: -1 (expected: >= 0)
            gzipLevel     | 0  | gzipLevel: 0 (expected: 1 to 9)
            gzipLevel     | 10 | gzipLevel: 10 (expected: 1 to 9)
            zstdLevel     | 20 | zstdLevel: 20 (expected: 1 to 19)
            brotliQuality | 12 | brotliQuality: 12 (expected: 0 to 11)
            """)
    void settingsOutOfRangeAreRefusedNamingTheSetting(String setting, int value, String message) {
        CompressionBuilder builder = Compression.builder();
        assertThatThrownBy(() -> {
            switch (setting) {
                case "minimumSize" -> builder.minimumSize(value);
                case "gzipLevel" -> builder.gzipLevel(value);
                case "zstdLevel" -> builder.zstdLevel(value);
                default -> builder.brotliQuality(value);
            }
        }).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void aPreferenceNamesEachCodingOnce() {
        assertThatThrownBy(() -> Compression.builder().preference(Coding.GZIP, Coding.GZIP))
                .hasMessage("preference: [gzip, gzip] (expected: each coding once)");
        assertThatThrownBy(() -> Compression.builder().preference(List.of()))
                .hasMessage("preference: [] (expected: at least one coding)");
    }

    /** Header lines separated by {@code ~}. */
    static HttpHeaders headers(String lines) {
        HttpHeaders headers = new DefaultHttpHeaders();
        for (String line : lines.split("~")) {
            int colon = line.indexOf(':');
            headers.add(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
        }
        return headers;
    }
}

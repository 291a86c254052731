package dev.moor.edge.cache;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StorabilityTest {

    /** method | request Cache-Control | Authorization | status | response fields ("name: value; name: value") | verdict */
    @ParameterizedTest(name = "{0} {3} {4} (request: {1}, authorization: {2}) -> {5}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "GET  | -          | false | 200 | -                                              | STORABLE",
            "HEAD | -          | false | 200 | cache-control: max-age=60                      | METHOD",
            "POST | -          | false | 200 | cache-control: max-age=60                      | METHOD",
            "GET  | -          | false | 100 | -                                              | STATUS",
            "GET  | -          | false | 206 | cache-control: max-age=60                      | STATUS",
            "GET  | -          | false | 304 | cache-control: max-age=60                      | STATUS",
            "GET  | -          | false | 503 | cache-control: max-age=60                      | STATUS",
            "GET  | no-store   | false | 200 | cache-control: max-age=60                      | REQUEST_NO_STORE",
            "GET  | -          | false | 200 | cache-control: max-age=60, no-store            | NO_STORE",
            "GET  | -          | false | 200 | cache-control: private, max-age=60             | PRIVATE",
            "GET  | -          | false | 200 | cache-control: private=\"x-user\", max-age=60  | STORABLE",
            "GET  | -          | true  | 200 | cache-control: max-age=60                      | AUTHORIZATION",
            "GET  | -          | true  | 200 | cache-control: public, max-age=60              | STORABLE",
            "GET  | -          | true  | 200 | cache-control: s-maxage=60                     | STORABLE",
            "GET  | -          | true  | 200 | cache-control: must-revalidate, max-age=60     | STORABLE",
            "GET  | -          | false | 200 | set-cookie: session=1; cache-control: max-age=60 | SET_COOKIE",
            "GET  | -          | false | 200 | set-cookie: session=1; cache-control: public, max-age=60 | STORABLE",
            "GET  | -          | false | 200 | set-cookie: session=1; cache-control: s-maxage=60 | STORABLE",
            "GET  | -          | false | 200 | vary: accept, *; cache-control: max-age=60     | VARY_ANY",
            "GET  | -          | false | 200 | vary: accept-encoding                          | STORABLE",
            "GET  | -          | false | 404 | -                                              | STORABLE",
            "GET  | -          | false | 301 | -                                              | STORABLE",
            "GET  | -          | false | 410 | -                                              | STORABLE",
            "GET  | -          | false | 501 | -                                              | STORABLE",
            "GET  | -          | false | 302 | -                                              | NO_EXPLICIT_FRESHNESS",
            "GET  | -          | false | 307 | -                                              | NO_EXPLICIT_FRESHNESS",
            "GET  | -          | false | 403 | -                                              | NO_EXPLICIT_FRESHNESS",
            "GET  | -          | false | 302 | cache-control: max-age=60                      | STORABLE",
            "GET  | -          | false | 302 | expires: Thu, 01 Jan 2099 00:00:00 GMT          | STORABLE",
            "GET  | -          | false | 403 | cache-control: public                          | STORABLE",
            "GET  | -          | false | 302 | cache-control: s-maxage=10                     | STORABLE",
    })
    void decides(String method, String requestDirectives, boolean authorization, int status, String fields,
                 Storability expected) {
        HttpHeaders headers = new DefaultHttpHeaders();
        if (fields != null) {
            for (String field : fields.split("; (?=[a-z-]+:)")) {
                int colon = field.indexOf(':');
                headers.add(field.substring(0, colon).trim(), field.substring(colon + 1).trim());
            }
        }
        CacheControl request = requestDirectives == null ? CacheControl.NONE : CacheControl.parse(List.of(requestDirectives));
        Storability verdict = Storability.of(HttpMethod.valueOf(method), request, authorization, status,
                CacheControl.ofResponse(headers), headers);
        assertThat(verdict).isEqualTo(expected);
    }
}

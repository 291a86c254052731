package dev.moor.edge.cache;

import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class VaryTest {

    private static HttpHeaders headers(String... namesAndValues) {
        HttpHeaders headers = DefaultHttpHeadersFactory.headersFactory().withValidation(false).newHeaders();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return headers;
    }

    @Test
    void namesAreLowerCaseAndListedOnce() {
        assertThat(Vary.names(headers("Vary", "Accept-Encoding, User-Agent", "vary", "accept-encoding")))
                .containsExactly("accept-encoding", "user-agent");
        assertThat(Vary.names(headers())).isEmpty();
        assertThat(Vary.names(headers("Vary", "Accept, *"))).isSameAs(Vary.ANY);
    }

    @Test
    void acceptEncodingIsReducedToTheCodingsThatMatter() {
        String gzipAndBrotli = Vary.value("accept-encoding", headers("Accept-Encoding", "gzip, deflate, br"));
        assertThat(gzipAndBrotli).isEqualTo("br,deflate,gzip");
        assertThat(Vary.value("accept-encoding", headers("Accept-Encoding", "BR;q=1.0 ,  gzip;q=0.5", "Accept-Encoding", "deflate")))
                .isEqualTo("br,deflate,gzip");
        assertThat(Vary.value("accept-encoding", headers("Accept-Encoding", "gzip;q=0, br")))
                .isEqualTo("br");
        assertThat(Vary.value("accept-encoding", headers("Accept-Encoding", "gzip; Q=0.000, identity")))
                .isEmpty();
        assertThat(Vary.value("accept-encoding", headers("Accept-Encoding", "*, zstd;q=0")))
                .isEqualTo("br,deflate,gzip");
        assertThat(Vary.value("accept-encoding", headers("Accept-Encoding", "x-gzip, compress")))
                .isEqualTo("gzip");
        assertThat(Vary.value("accept-encoding", headers("Accept-Encoding", "gzip;q=0.01"))).isEqualTo("gzip");
    }

    @Test
    void caseInsensitiveFieldsAreLowerCasedAndOthersKeepTheirCase() {
        assertThat(Vary.value("accept-language", headers("Accept-Language", " EN-us ,  fr;q=0.5")))
                .isEqualTo("en-us,fr;q=0.5");
        assertThat(Vary.value("x-tenant", headers("X-Tenant", " Blue ", "x-tenant", "Green")))
                .isEqualTo("Blue,Green");
    }

    @Test
    void anAbsentFieldDiffersFromAnEmptyOne() {
        assertThat(Vary.value("x-tenant", headers())).isNull();
        assertThat(Vary.value("x-tenant", headers("X-Tenant", ""))).isEmpty();
        List<String> names = List.of("x-tenant");
        assertThat(Vary.matches(names, java.util.Arrays.asList((String) null), headers())).isTrue();
        assertThat(Vary.matches(names, java.util.Arrays.asList((String) null), headers("X-Tenant", ""))).isFalse();
    }

    @Test
    void requestsWithEquivalentValuesMatch() {
        List<String> names = List.of("accept-encoding", "accept");
        List<String> values = Vary.values(names, headers("Accept-Encoding", "gzip, br", "Accept", "Text/HTML"));
        assertThat(Vary.matches(names, values, headers("accept-encoding", "br,gzip,identity", "accept", "text/html"))).isTrue();
        assertThat(Vary.matches(names, values, headers("accept-encoding", "gzip", "accept", "text/html"))).isFalse();
    }
}

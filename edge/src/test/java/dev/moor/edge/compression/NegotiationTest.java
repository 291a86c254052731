package dev.moor.edge.compression;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class NegotiationTest {
    private static final Compression DEFAULTS = Compression.builder().build();

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            ""                                      | identity
            gzip                                    | gzip
            GZip                                    | gzip
            x-gzip                                  | gzip
            "  gzip ,\tbr  "                        | br
            gzip, deflate, br, zstd                 | zstd
            gzip, deflate, br                       | br
            ZSTD, Br                                | zstd
            br;q=0.5, gzip                          | gzip
            zstd;q=0.9, br;q=0.9, gzip;q=0.9        | zstd
            gzip;q=0.5                              | gzip
            gzip;q=0                                | identity
            gzip;q=0.000, br;q=0.001                | br
            *                                       | zstd
            *;q=0                                   | identity
            *;q=0.5, gzip                           | gzip
            gzip;q=0.5, *;q=0.9                     | zstd
            *, zstd;q=0                             | br
            *, zstd;q=0, br;q=0                     | gzip
            identity                                | identity
            identity;q=0                            | identity
            identity;q=0, gzip                      | gzip
            gzip;q=0.5, identity                    | identity
            gzip;q=0.5, identity;q=0.4              | gzip
            gzip;q=0.5, identity;q=0.5              | gzip
            deflate, compress                       | identity
            deflate;q=1, gzip;q=0.001               | gzip
            sdch, unknown-coding, br                | br
            gzip;q=1.5                              | identity
            gzip;q=abc, br                          | br
            "gzip;q=, br;q=0.2"                     | br
            gzip;q=0.5x, br;q=0.2                   | br
            zstd;q=1.000, gzip                      | zstd
            zstd;q=1.001, gzip;q=0.5                | gzip
            zstd;q=0.1234, gzip;q=0.5               | gzip
            gzip;Q=0.3, br;q=0.2                    | gzip
            "gzip ; q = 0.3 , br;q=0.2"             | gzip
            gzip;level=9;q=0.8, br;q=0.7            | gzip
            ",, gzip ,,"                            | gzip
            gzip deflate                            | identity
            gzip;q=0.8, gzip;q=0                    | gzip
            br;q=0, br                              | identity
            ;q=1, gzip                              | gzip
            été;q=1, gzip                           | gzip
            """)
    void choosesTheCodingTheClientWantsMost(String acceptEncoding, String expected) {
        Coding chosen = DEFAULTS.negotiate(acceptEncoding);

        assertThat(chosen == null ? "identity" : chosen.token().toString()).isEqualTo(expected);
    }

    @Test
    void noAcceptEncodingGetsTheBodyAsItIs() {
        assertThat(DEFAULTS.negotiate((CharSequence) null)).isNull();
    }

    @Test
    void theServerPreferenceBreaksTiesAndLimitsTheChoice() {
        Compression gzipFirst = Compression.builder().preference(Coding.GZIP, Coding.BROTLI).build();

        assertThat(gzipFirst.negotiate("br, gzip, zstd")).isEqualTo(Coding.GZIP);
        assertThat(gzipFirst.negotiate("zstd")).isNull();
        assertThat(gzipFirst.negotiate("br;q=1, gzip;q=0.9")).isEqualTo(Coding.BROTLI);
    }

    @Test
    void qValuesAreKeptInThousandths() {
        AcceptEncoding accepted = AcceptEncoding.parse("gzip;q=0.25, br;q=0.5, *;q=0.125");

        assertThat(accepted.quality(Coding.GZIP)).isEqualTo(250);
        assertThat(accepted.quality(Coding.BROTLI)).isEqualTo(500);
        assertThat(accepted.quality(Coding.ZSTD)).isEqualTo(125);
        assertThat(accepted.identityQuality()).isEqualTo(125);
        assertThat(AcceptEncoding.parse("gzip").identityQuality()).isEqualTo(1000);
        assertThat(AcceptEncoding.parse("gzip, identity;q=0").identityQuality()).isZero();
        assertThat(accepted).hasToString("AcceptEncoding[zstd=125, br=500, gzip=250, identity=125]");
    }
}

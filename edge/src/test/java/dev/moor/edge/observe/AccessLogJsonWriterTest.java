package dev.moor.edge.observe;

import dev.moor.edge.AccessLogEntry;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class AccessLogJsonWriterTest {
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Test
    void writesEveryFieldOfAnEntryOnOneLine() throws IOException {
        AccessLogEntry entry = new AccessLogEntry(1_700_000_000_123L, "10.0.0.7", "GET", "shop.example.com",
                "/orders/42?expand=items", "HTTP/1.1", 200, 17, 1024, "orders", "orders-1@10.0.1.5:8080", 2,
                12_345, 7, "f3a9c0de", "HIT");

        assertThat(write(entry)).containsExactly(
                entry("time", "2023-11-14T22:13:20.123Z"),
                entry("client", "10.0.0.7"),
                entry("method", "GET"),
                entry("host", "shop.example.com"),
                entry("path", "/orders/42?expand=items"),
                entry("protocol", "HTTP/1.1"),
                entry("status", 200L),
                entry("bytes_in", 17L),
                entry("bytes_out", 1024L),
                entry("route", "orders"),
                entry("upstream", "orders-1@10.0.1.5:8080"),
                entry("attempts", 2L),
                entry("duration_ms", new BigDecimal("12.345")),
                entry("upstream_ms", new BigDecimal("0.007")),
                entry("request_id", "f3a9c0de"),
                entry("outcome", "HIT"));
    }

    @Test
    void writesNullUpstreamMillisWithoutAnUpstreamAttempt() throws IOException {
        Map<String, Object> line = write(timed("/", 0, -1));
        assertThat(line).containsEntry("upstream_ms", null).containsEntry("duration_ms", new BigDecimal("0.000"));
    }

    @Test
    void writesMillisWithThreeDecimals() throws IOException {
        assertThat(write(timed("/", 1, 999)).get("duration_ms")).isEqualTo(new BigDecimal("0.001"));
        assertThat(write(timed("/", 1, 999)).get("upstream_ms")).isEqualTo(new BigDecimal("0.999"));
        assertThat(write(timed("/", 30_000_000, 1000)).get("duration_ms")).isEqualTo(new BigDecimal("30000.000"));
        assertThat(write(timed("/", 30_000_000, 1000)).get("upstream_ms")).isEqualTo(new BigDecimal("1.000"));
        assertThat(write(timed("/", -1500, 0)).get("duration_ms")).isEqualTo(new BigDecimal("-1.500"));
    }

    @Property
    void writesAnyMicrosAsExactMillis(@ForAll long micros) throws IOException {
        assertThat(write(timed("/", micros, 0)).get("duration_ms"))
                .isEqualTo(BigDecimal.valueOf(micros).movePointLeft(3));
    }

    @Property
    void formatsTimeAsIso8601UtcWithMillis(@ForAll @LongRange(min = -100_000_000_000_000L, max = 400_000_000_000_000L)
                                           long epochMillis) throws IOException {
        AccessLogEntry entry = new AccessLogEntry(epochMillis, "c", "GET", "h", "/", "HTTP/1.1", 200, 0, 0, "", "",
                1, 1, -1, "id", "");
        assertThat(write(entry).get("time")).isEqualTo(ISO_MILLIS.format(Instant.ofEpochMilli(epochMillis)));
    }

    @Test
    void formatsConsecutiveEntriesAcrossMidnight() throws IOException {
        long midnight = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AccessLogJsonWriter writer = new AccessLogJsonWriter(out);
        for (long time : new long[] {midnight - 1, midnight, midnight + 86_399_999, midnight - 86_400_000}) {
            writer.write(new AccessLogEntry(time, "c", "GET", "h", "/", "HTTP/1.1", 200, 0, 0, "", "", 1, 1, -1, "i", ""));
        }
        writer.flush();
        assertThat(JsonLines.parse(out.toByteArray())).extracting(line -> line.get("time")).containsExactly(
                "2024-12-31T23:59:59.999Z", "2025-01-01T00:00:00.000Z", "2025-01-01T23:59:59.999Z",
                "2024-12-31T00:00:00.000Z");
    }

    @Test
    void escapesQuotesControlCharactersAndKeepsNonAscii() throws IOException {
        List<String> awkward = List.of("\"quoted\" \\back\\slash", "tab\tnew\nline\rcr\0nul\u001f\u007f",
                "caf\u00e9 \u65e5\u672c \ud83d\ude00 \u2028", "lone \ud800 surrogate \udc00", "</script>", "");
        for (String text : awkward) {
            Map<String, Object> line = write(new AccessLogEntry(0, text, text, text, text, text, 200, 0, 0, text, text,
                    1, 0, -1, text, ""));
            for (String field : List.of("client", "method", "host", "path", "protocol", "route", "upstream",
                    "request_id")) {
                assertThat(line.get(field)).as(field).isEqualTo(text);
            }
        }
    }

    @Property(tries = 500)
    void writesValidJsonForAnyString(@ForAll("anyText") String text) throws IOException {
        Map<String, Object> line = write(new AccessLogEntry(0, text, "GET", text, text, "HTTP/2", 503, 0, 0, text, "",
                1, 0, -1, text, ""));
        assertThat(line).containsEntry("client", text).containsEntry("host", text).containsEntry("path", text)
                .containsEntry("route", text).containsEntry("request_id", text);
    }

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.strings().all().ofMaxLength(40);
    }

    @Test
    void writesNullStringsAsJsonNull() throws IOException {
        Map<String, Object> line = write(new AccessLogEntry(0, null, "GET", null, "/", "HTTP/1.1", 400, 0, 0, "", "",
                0, 0, -1, null, ""));
        assertThat(line).containsEntry("host", null).containsEntry("client", null).containsEntry("request_id", null);
    }

    private static AccessLogEntry timed(String path, long durationMicros, long upstreamMicros) {
        return new AccessLogEntry(0, "c", "GET", "h", path, "HTTP/1.1", 200, 0, 0, "r", "u", 1, durationMicros,
                upstreamMicros, "id", "");
    }

    private static Map<String, Object> write(AccessLogEntry entry) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AccessLogJsonWriter writer = new AccessLogJsonWriter(out);
        writer.write(entry);
        assertThat(out.size()).as("written before flush").isZero();
        writer.flush();
        List<Map<String, Object>> lines = JsonLines.parse(out.toByteArray());
        assertThat(lines).hasSize(1);
        return lines.getFirst();
    }
}

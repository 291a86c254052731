package dev.moor.edge.observe;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.moor.edge.AccessLogEntry;

import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDate;

/**
 * Writes access log entries as one JSON object per line. Used by one thread; reuses its buffers, so writing an
 * entry allocates nothing except once a day for the date.
 */
final class AccessLogJsonWriter {
    private static final JsonFactory JSON = new JsonFactoryBuilder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .rootValueSeparator((String) null)
            .build();
    private static final long MILLIS_PER_DAY = 86_400_000L;

    private static final SerializedString TIME = new SerializedString("time");
    private static final SerializedString CLIENT = new SerializedString("client");
    private static final SerializedString METHOD = new SerializedString("method");
    private static final SerializedString HOST = new SerializedString("host");
    private static final SerializedString PATH = new SerializedString("path");
    private static final SerializedString PROTOCOL = new SerializedString("protocol");
    private static final SerializedString STATUS = new SerializedString("status");
    private static final SerializedString BYTES_IN = new SerializedString("bytes_in");
    private static final SerializedString BYTES_OUT = new SerializedString("bytes_out");
    private static final SerializedString ROUTE = new SerializedString("route");
    private static final SerializedString UPSTREAM = new SerializedString("upstream");
    private static final SerializedString ATTEMPTS = new SerializedString("attempts");
    private static final SerializedString DURATION_MS = new SerializedString("duration_ms");
    private static final SerializedString UPSTREAM_MS = new SerializedString("upstream_ms");
    private static final SerializedString REQUEST_ID = new SerializedString("request_id");
    private static final SerializedString OUTCOME = new SerializedString("outcome");

    private final OutputStream out;
    private JsonGenerator json;
    private int unflushed;
    private final char[] time = new char[40];
    private int timeOfDayStart;
    private long day = Long.MIN_VALUE;
    private final char[] number = new char[24];

    AccessLogJsonWriter(OutputStream out) throws IOException {
        this.out = out;
        this.json = JSON.createGenerator(out);
    }

    /** Buffers one entry; {@link #flush()} writes it out. */
    void write(AccessLogEntry entry) throws IOException {
        JsonGenerator g = json;
        unflushed++;
        g.writeStartObject();
        g.writeFieldName(TIME);
        g.writeString(time, 0, formatTime(entry.timeMillis()));
        writeString(CLIENT, entry.client());
        writeString(METHOD, entry.method());
        writeString(HOST, entry.host());
        writeString(PATH, entry.path());
        writeString(PROTOCOL, entry.protocol());
        g.writeFieldName(STATUS);
        g.writeNumber(entry.status());
        g.writeFieldName(BYTES_IN);
        g.writeNumber(entry.bytesIn());
        g.writeFieldName(BYTES_OUT);
        g.writeNumber(entry.bytesOut());
        writeString(ROUTE, entry.route());
        writeString(UPSTREAM, entry.upstream());
        g.writeFieldName(ATTEMPTS);
        g.writeNumber(entry.attempts());
        g.writeFieldName(DURATION_MS);
        writeMillis(entry.durationMicros());
        g.writeFieldName(UPSTREAM_MS);
        if (entry.upstreamMicros() < 0) {
            g.writeNull();
        } else {
            writeMillis(entry.upstreamMicros());
        }
        writeString(REQUEST_ID, entry.requestId());
        if (entry.outcome() != null && !entry.outcome().isEmpty()) {
            writeString(OUTCOME, entry.outcome());
        }
        g.writeEndObject();
        g.writeRaw('\n');
    }

    /** Writes what is buffered to the stream and flushes it; does nothing when nothing was written since. */
    void flush() throws IOException {
        if (unflushed > 0) {
            json.flush();
            unflushed = 0;
        }
    }

    /**
     * Abandons what is buffered after the stream failed and starts a fresh generator for the entries to come.
     *
     * @return how many entries were lost
     */
    int discardAfterFailure() throws IOException {
        int lost = unflushed;
        unflushed = 0;
        json = JSON.createGenerator(out);
        return lost;
    }

    private void writeString(SerializedString name, String value) throws IOException {
        json.writeFieldName(name);
        json.writeString(value);
    }

    /** Micros as milliseconds with three decimals, e.g. 12.345, without going through a double. */
    private void writeMillis(long micros) throws IOException {
        int start = number.length;
        int fraction = (int) Math.abs(micros % 1000);
        for (int i = 0; i < 3; i++) {
            number[--start] = (char) ('0' + fraction % 10);
            fraction /= 10;
        }
        number[--start] = '.';
        long whole = Math.abs(micros / 1000);
        do {
            number[--start] = (char) ('0' + whole % 10);
            whole /= 10;
        } while (whole != 0);
        if (micros < 0) {
            number[--start] = '-';
        }
        json.writeNumber(number, start, number.length - start);
    }

    /** ISO-8601 in UTC with milliseconds, e.g. 2025-01-31T23:59:59.123Z, into {@link #time}; returns its length. */
    private int formatTime(long epochMillis) {
        long entryDay = Math.floorDiv(epochMillis, MILLIS_PER_DAY);
        if (entryDay != day) {
            String date = LocalDate.ofEpochDay(entryDay).toString();
            date.getChars(0, date.length(), time, 0);
            time[date.length()] = 'T';
            timeOfDayStart = date.length() + 1;
            day = entryDay;
        }
        int millisOfDay = (int) Math.floorMod(epochMillis, MILLIS_PER_DAY);
        int at = timeOfDayStart;
        at = twoDigits(millisOfDay / 3_600_000, at);
        time[at++] = ':';
        at = twoDigits(millisOfDay / 60_000 % 60, at);
        time[at++] = ':';
        at = twoDigits(millisOfDay / 1000 % 60, at);
        time[at++] = '.';
        int millis = millisOfDay % 1000;
        time[at++] = (char) ('0' + millis / 100);
        at = twoDigits(millis % 100, at);
        time[at++] = 'Z';
        return at;
    }

    private int twoDigits(int value, int at) {
        time[at] = (char) ('0' + value / 10);
        time[at + 1] = (char) ('0' + value % 10);
        return at + 2;
    }
}

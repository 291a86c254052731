package dev.moor.edge.cache;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A stored response, immutable, in the forms a hit is written in: for HTTP/1.1 the status line and header lines
 * (with Content-Length, without Age and the final CRLF, which depend on the answer) rendered once when stored, and
 * the body as one array; for HTTP/2 the header names in lower case and values, ready for a header block. Also
 * what the cache decides with: its directives, validators, times and the request values its Vary selected it by.
 *
 * <p>Not stored: hop-by-hop and framing fields and those the Connection field lists, Age (computed per answer),
 * Set-Cookie (see {@link Storability#SET_COOKIE}), X-Request-Id (the edge's, per request), and the fields named by
 * a qualified no-cache or private (RFC 9111 §5.2.2.4, §5.2.2.7: they must not be reused without revalidation, or
 * not stored by a shared cache).
 */
public final class CachedResponse {
    private static final Set<String> NOT_STORED = Set.of("connection", "keep-alive", "proxy-connection", "te",
            "trailer", "upgrade", "transfer-encoding", "content-length", "age", "set-cookie", "x-request-id");
    /** Not taken from a 304 (RFC 9111 §3.2): the stored content may be encoded by the edge; ranges are not cached. */
    private static final Set<String> NOT_UPDATED = Set.of("content-encoding", "content-range");
    /** What a 304 carries of a stored 200 (RFC 9110 §15.4.5). */
    private static final Set<String> NOT_MODIFIED_FIELDS = Set.of("cache-control", "content-location", "date", "etag",
            "expires", "vary");
    /** Bytes counted per entry beyond its arrays: the object, its lists and strings. */
    private static final int OVERHEAD = 512;
    private static final AsciiString AGE = AsciiString.cached("age");
    private static final AsciiString NOT_MODIFIED_STATUS = AsciiString.cached("304");
    private static final byte[] NOT_MODIFIED_LINE = "HTTP/1.1 304 Not Modified\r\n".getBytes(StandardCharsets.ISO_8859_1);

    private final int status;
    private final String reason;
    private final List<Header> headers;
    private final byte[] body;
    private final long requestTime;
    private final long responseTime;
    private final long correctedInitialAge;
    private final List<String> varyNames;
    private final List<String> varyValues;

    private final CacheControl cacheControl;
    private final long date;
    private final long lastModified;
    private final String etag;
    private final long freshnessLifetime;
    private final byte[] http1Head;
    private final byte[] http1NotModifiedHead;
    private final AsciiString status2;
    private final AsciiString[] names2;
    private final AsciiString[] values2;
    private final boolean[] notModified2;
    private final int weight;

    /**
     * A stored response from its parts as kept (on disk too); derives the rest.
     *
     * @param correctedInitialAge milliseconds (RFC 9111 §4.2.3)
     * @param varyValues the normalised request values, null for an absent field
     * @param maxHeuristic the cap of a heuristic freshness lifetime, milliseconds
     */
    CachedResponse(int status, String reason, List<Header> headers, byte[] body, long requestTime, long responseTime,
                   long correctedInitialAge, List<String> varyNames, List<String> varyValues, long maxHeuristic) {
        this.status = status;
        this.reason = reason;
        this.headers = List.copyOf(headers);
        this.body = body;
        this.requestTime = requestTime;
        this.responseTime = responseTime;
        this.correctedInitialAge = correctedInitialAge;
        this.varyNames = List.copyOf(varyNames);
        this.varyValues = Collections.unmodifiableList(new ArrayList<>(varyValues));

        HttpHeaders fields = DefaultHttpHeadersFactory.headersFactory().withValidation(false).newHeaders();
        for (Header header : headers) {
            fields.add(header.name(), header.value());
        }
        cacheControl = CacheControl.ofResponse(fields);
        long dateValue = time(fields.get(HttpHeaderNames.DATE));
        date = dateValue == Freshness.NO_TIME || dateValue == Freshness.INVALID_TIME ? responseTime : dateValue;
        long lastModifiedValue = time(fields.get(HttpHeaderNames.LAST_MODIFIED));
        lastModified = lastModifiedValue == Freshness.INVALID_TIME ? Freshness.NO_TIME : lastModifiedValue;
        String tag = fields.get(HttpHeaderNames.ETAG);
        etag = tag == null ? null : tag.trim();
        freshnessLifetime = Freshness.lifetime(cacheControl, status, date, time(fields.get(HttpHeaderNames.EXPIRES)),
                lastModified, maxHeuristic);

        ByteArrayOutputStream head = new ByteArrayOutputStream(256);
        ByteArrayOutputStream notModifiedHead = new ByteArrayOutputStream(128);
        head.writeBytes(("HTTP/1.1 " + status + " " + reason + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        notModifiedHead.writeBytes(NOT_MODIFIED_LINE);
        status2 = AsciiString.of(Integer.toString(status));
        int count = this.headers.size();
        boolean framed = status != 204;
        names2 = new AsciiString[count + (framed ? 1 : 0)];
        values2 = new AsciiString[names2.length];
        notModified2 = new boolean[names2.length];
        for (int i = 0; i < count; i++) {
            Header header = this.headers.get(i);
            byte[] line = (header.name() + ": " + header.value() + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            head.writeBytes(line);
            String lowerName = header.name().toLowerCase(Locale.ROOT);
            if (NOT_MODIFIED_FIELDS.contains(lowerName)) {
                notModifiedHead.writeBytes(line);
                notModified2[i] = true;
            }
            names2[i] = new AsciiString(lowerName);
            values2[i] = new AsciiString(header.value().getBytes(StandardCharsets.ISO_8859_1), false);
        }
        if (framed) {
            head.writeBytes(("content-length: " + body.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            names2[count] = HttpHeaderNames.CONTENT_LENGTH;
            values2[count] = AsciiString.of(Integer.toString(body.length));
        }
        http1Head = head.toByteArray();
        http1NotModifiedHead = notModifiedHead.toByteArray();
        weight = (int) Math.min(Integer.MAX_VALUE, OVERHEAD + (long) body.length + 3L * http1Head.length
                + http1NotModifiedHead.length);
    }

    /**
     * A response as received from the upstream, for storing: its fields filtered (see the class comment), its
     * corrected initial age computed from its Age and Date and the request and response times.
     */
    static CachedResponse received(int status, String reason, HttpHeaders received, byte[] body, long requestTime,
                                   long responseTime, List<String> varyNames, List<String> varyValues, long maxHeuristic) {
        CacheControl directives = CacheControl.ofResponse(received);
        Set<String> excluded = excluded(received, directives);
        List<Header> kept = new ArrayList<>(received.size());
        for (Map.Entry<String, String> field : received) {
            if (!excluded.contains(field.getKey().toLowerCase(Locale.ROOT))) {
                kept.add(new Header(field.getKey(), field.getValue()));
            }
        }
        long date = time(received.get(HttpHeaderNames.DATE));
        long age = age(received);
        long initialAge = Freshness.correctedInitialAge(age,
                date == Freshness.NO_TIME || date == Freshness.INVALID_TIME ? responseTime : date, requestTime, responseTime);
        return new CachedResponse(status, reason, kept, body, requestTime, responseTime, initialAge, varyNames,
                varyValues, maxHeuristic);
    }

    /**
     * This response updated by a 304 Not Modified that answered its validators (RFC 9111 §4.3.4): each field of the
     * 304 replaces the stored lines of that name (except Content-Length and the content's metadata, §3.2), the age
     * starts again from the 304's Date and Age, the body stays. Null when the 304 names another representation (an
     * ETag that does not match, or without one a different Last-Modified): it must not update this one.
     */
    CachedResponse revalidated(HttpHeaders notModified, long newRequestTime, long newResponseTime, long maxHeuristic) {
        String newTag = notModified.get(HttpHeaderNames.ETAG);
        if (newTag != null) {
            if (etag == null || !Conditionals.weakEquals(newTag, etag)) {
                return null;
            }
        } else {
            long newLastModified = time(notModified.get(HttpHeaderNames.LAST_MODIFIED));
            if (newLastModified != Freshness.NO_TIME && lastModified != Freshness.NO_TIME && newLastModified != lastModified) {
                return null;
            }
        }
        Set<String> excluded = excluded(notModified, cacheControl);
        excluded.addAll(NOT_UPDATED);
        Set<String> updated = new HashSet<>();
        for (Map.Entry<String, String> field : notModified) {
            String name = field.getKey().toLowerCase(Locale.ROOT);
            if (!excluded.contains(name)) {
                updated.add(name);
            }
        }
        List<Header> merged = new ArrayList<>(headers.size() + updated.size());
        Set<String> placed = new HashSet<>();
        for (Header header : headers) {
            String name = header.name().toLowerCase(Locale.ROOT);
            if (!updated.contains(name)) {
                merged.add(header);
            } else if (placed.add(name)) {
                addLines(notModified, name, merged);
            }
        }
        for (Map.Entry<String, String> field : notModified) {
            String name = field.getKey().toLowerCase(Locale.ROOT);
            if (updated.contains(name) && placed.add(name)) {
                addLines(notModified, name, merged);
            }
        }
        long date304 = time(notModified.get(HttpHeaderNames.DATE));
        long initialAge = Freshness.correctedInitialAge(age(notModified),
                date304 == Freshness.NO_TIME || date304 == Freshness.INVALID_TIME ? newResponseTime : date304,
                newRequestTime, newResponseTime);
        return new CachedResponse(status, reason, merged, body, newRequestTime, newResponseTime, initialAge, varyNames,
                varyValues, maxHeuristic);
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    /** The stored header lines, in the order received (without Content-Length and Age). */
    public List<Header> headers() {
        return headers;
    }

    /** Whether its head, or that of a 304 Not Modified for it, has a field {@code name} (lower case). */
    boolean carries(String name, boolean notModified) {
        if (notModified && !NOT_MODIFIED_FIELDS.contains(name)) {
            return false;
        }
        for (Header header : headers) {
            if (header.name().equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /** The stored header lines a 304 Not Modified for this response carries (RFC 9110 §15.4.5). */
    public List<Header> notModifiedHeaders() {
        List<Header> lines = new ArrayList<>(NOT_MODIFIED_FIELDS.size());
        for (Header header : headers) {
            if (NOT_MODIFIED_FIELDS.contains(header.name().toLowerCase(Locale.ROOT))) {
                lines.add(header);
            }
        }
        return lines;
    }

    public int contentLength() {
        return body.length;
    }

    /**
     * {@code HTTP/1.1 STATUS REASON CRLF}, the stored lines and {@code content-length} (but for a 204), each ended
     * by CRLF; the caller adds {@code age}, its own lines and the final CRLF. A read-only view that needs no release.
     */
    public ByteBuf http1Head() {
        return Unpooled.wrappedBuffer(http1Head).asReadOnly();
    }

    /** The head of a 304 Not Modified for this response: its status line and the fields RFC 9110 §15.4.5 lists. */
    public ByteBuf http1NotModifiedHead() {
        return Unpooled.wrappedBuffer(http1NotModifiedHead).asReadOnly();
    }

    /** The body: a read-only view that needs no release. */
    public ByteBuf body() {
        return Unpooled.wrappedBuffer(body).asReadOnly();
    }

    /** An HTTP/2 header block of this response (or of a 304 for it) with {@code age}; the caller may add to it. */
    public Http2Headers http2Headers(long ageSeconds, boolean notModified) {
        DefaultHttp2Headers block = new DefaultHttp2Headers(false, names2.length + 4);
        block.status(notModified ? NOT_MODIFIED_STATUS : status2);
        for (int i = 0; i < names2.length; i++) {
            if (!notModified || notModified2[i]) {
                block.add(names2[i], values2[i]);
            }
        }
        block.add(AGE, AsciiString.of(Long.toString(ageSeconds)));
        return block;
    }

    public CacheControl cacheControl() {
        return cacheControl;
    }

    /** The entity tag as received (with its quotes and any {@code W/}), or null. */
    public String etag() {
        return etag;
    }

    /** Last-Modified in epoch milliseconds, or {@link Long#MIN_VALUE} when absent or unreadable. */
    public long lastModified() {
        return lastModified;
    }

    /** Date in epoch milliseconds; the time the response arrived when it had none. */
    public long date() {
        return date;
    }

    /** Milliseconds (RFC 9111 §4.2.1). */
    public long freshnessLifetime() {
        return freshnessLifetime;
    }

    /** Milliseconds (RFC 9111 §4.2.3), never negative. */
    public long currentAge(long now) {
        return Freshness.currentAge(correctedInitialAge, responseTime, now);
    }

    /** The Age header's value at {@code now} (RFC 9111 §5.1): whole seconds. */
    public long ageSeconds(long now) {
        return currentAge(now) / 1000;
    }

    public boolean fresh(long now) {
        return freshnessLifetime > currentAge(now);
    }

    long requestTime() {
        return requestTime;
    }

    long responseTime() {
        return responseTime;
    }

    long correctedInitialAge() {
        return correctedInitialAge;
    }

    byte[] bodyArray() {
        return body;
    }

    List<String> varyNames() {
        return varyNames;
    }

    List<String> varyValues() {
        return varyValues;
    }

    /** Whether a request with these headers selects this response (its Vary fields have the stored values). */
    boolean selectedBy(HttpHeaders request) {
        return varyNames.isEmpty() || Vary.matches(varyNames, varyValues, request);
    }

    /** Whether it may answer a request with Authorization (RFC 9111 §3.5). */
    boolean sharedWithAuthorization() {
        return cacheControl.publicResponse() || cacheControl.sMaxAge() != CacheControl.ABSENT
                || cacheControl.mustRevalidate();
    }

    /** Bytes of memory it is counted for. */
    int weight() {
        return weight;
    }

    /** The lower-case names of the fields of {@code received} that are not stored. */
    private static Set<String> excluded(HttpHeaders received, CacheControl directives) {
        Set<String> excluded = new HashSet<>(NOT_STORED);
        excluded.addAll(directives.noCacheFields());
        excluded.addAll(directives.privateFields());
        for (String connection : received.getAll(HttpHeaderNames.CONNECTION)) {
            for (String name : connection.split(",")) {
                excluded.add(name.trim().toLowerCase(Locale.ROOT));
            }
        }
        return excluded;
    }

    private static void addLines(HttpHeaders from, String lowerName, List<Header> to) {
        for (Map.Entry<String, String> field : from) {
            if (field.getKey().equalsIgnoreCase(lowerName)) {
                to.add(new Header(field.getKey(), field.getValue()));
            }
        }
    }

    /** The Age field's first member in seconds (RFC 9111 §5.1), or ABSENT when missing or invalid. */
    private static long age(HttpHeaders headers) {
        String value = headers.get(HttpHeaderNames.AGE);
        if (value == null) {
            return CacheControl.ABSENT;
        }
        int comma = value.indexOf(',');
        long seconds = CacheControl.deltaSeconds((comma < 0 ? value : value.substring(0, comma)).trim());
        return seconds < 0 ? CacheControl.ABSENT : seconds;
    }

    /** An HTTP date in epoch milliseconds; {@link Freshness#NO_TIME} when null, INVALID_TIME when unreadable. */
    private static long time(String value) {
        if (value == null) {
            return Freshness.NO_TIME;
        }
        Date parsed = DateFormatter.parseHttpDate(value);
        return parsed == null ? Freshness.INVALID_TIME : parsed.getTime();
    }
}

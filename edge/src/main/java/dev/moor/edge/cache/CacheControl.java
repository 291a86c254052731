package dev.moor.edge.cache;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The directives of the Cache-Control fields of one request or one response (RFC 9111 §5.2, and RFC 5861's
 * stale-while-revalidate and stale-if-error, RFC 8246's immutable). Delta-seconds are in seconds, {@link #ABSENT}
 * when the directive is not there; a request's max-stale without a value is {@link #ANY}.
 *
 * <p>Parsing is lenient about what senders get wrong and strict about what would make a cache serve too much:
 * directive names in any case, whitespace around commas and around {@code =}, quoted values (RFC 9111 §5.2 asks
 * senders not to quote delta-seconds, but recipients meet them), empty list members. The first occurrence of a
 * directive wins. A max-age or s-maxage that is not a number counts as 0 (the response is stale at once, as §4.2.1
 * asks for a response whose freshness cannot be read); any other directive with a value that is not a number is
 * ignored. A value too large for 31 bits is 2^31 (§1.2.2). Unknown directives are ignored.
 *
 * @param noCacheFields the field names of a qualified {@code no-cache="a, b"} (lower case); empty when unqualified
 *                      or absent ({@link #noCache()} tells which)
 * @param privateFields the same for {@code private}
 */
public record CacheControl(
        long maxAge,
        long sMaxAge,
        long maxStale,
        long minFresh,
        long staleWhileRevalidate,
        long staleIfError,
        boolean noStore,
        boolean noCache,
        Set<String> noCacheFields,
        boolean privateResponse,
        Set<String> privateFields,
        boolean publicResponse,
        boolean mustRevalidate,
        boolean proxyRevalidate,
        boolean onlyIfCached,
        boolean immutable) {

    public static final long ABSENT = -1;
    public static final long ANY = Long.MAX_VALUE;
    /** The value a delta-seconds too large to represent takes (RFC 9111 §1.2.2). */
    static final long DELTA_SECONDS_LIMIT = 2_147_483_648L;
    private static final long INVALID = -2;

    public static final CacheControl NONE = new CacheControl(ABSENT, ABSENT, ABSENT, ABSENT, ABSENT, ABSENT,
            false, false, Set.of(), false, Set.of(), false, false, false, false, false);

    public CacheControl {
        noCacheFields = Set.copyOf(noCacheFields);
        privateFields = Set.copyOf(privateFields);
    }

    /** The directives of a response's Cache-Control field lines. */
    public static CacheControl ofResponse(HttpHeaders headers) {
        return headers.contains(HttpHeaderNames.CACHE_CONTROL) ? parse(headers.getAll(HttpHeaderNames.CACHE_CONTROL)) : NONE;
    }

    /**
     * The directives of a request's Cache-Control field lines; without any, {@code Pragma: no-cache} counts as
     * {@code Cache-Control: no-cache} (RFC 9111 §5.4: Pragma is ignored when Cache-Control is present).
     */
    public static CacheControl ofRequest(HttpHeaders headers) {
        if (headers.contains(HttpHeaderNames.CACHE_CONTROL)) {
            return parse(headers.getAll(HttpHeaderNames.CACHE_CONTROL));
        }
        if (!headers.contains(HttpHeaderNames.PRAGMA)) {
            return NONE;
        }
        for (String pragma : headers.getAll(HttpHeaderNames.PRAGMA)) {
            for (String member : pragma.split(",")) {
                if (member.trim().equalsIgnoreCase("no-cache")) {
                    return parse(List.of("no-cache"));
                }
            }
        }
        return NONE;
    }

    /** The directives of these field values, taken as one comma-separated list. */
    public static CacheControl parse(List<String> fieldValues) {
        Directives directives = new Directives();
        for (String value : fieldValues) {
            directives.read(value);
        }
        return directives.toCacheControl();
    }

    /** One pass over a field value; the first occurrence of each directive wins. */
    private static final class Directives {
        long maxAge = ABSENT;
        long sMaxAge = ABSENT;
        long maxStale = ABSENT;
        long minFresh = ABSENT;
        long staleWhileRevalidate = ABSENT;
        long staleIfError = ABSENT;
        boolean noStore;
        Boolean noCache;
        Set<String> noCacheFields = Set.of();
        Boolean privateResponse;
        Set<String> privateFields = Set.of();
        boolean publicResponse;
        boolean mustRevalidate;
        boolean proxyRevalidate;
        boolean onlyIfCached;
        boolean immutable;

        void read(String text) {
            int length = text.length();
            int at = 0;
            while (at < length) {
                while (at < length && (text.charAt(at) == ',' || whitespace(text.charAt(at)))) {
                    at++;
                }
                int nameStart = at;
                while (at < length && text.charAt(at) != ',' && text.charAt(at) != '=' && !whitespace(text.charAt(at))) {
                    at++;
                }
                String name = text.substring(nameStart, at).toLowerCase(Locale.ROOT);
                while (at < length && whitespace(text.charAt(at))) {
                    at++;
                }
                String value = null;
                if (at < length && text.charAt(at) == '=') {
                    at++;
                    while (at < length && whitespace(text.charAt(at))) {
                        at++;
                    }
                    if (at < length && text.charAt(at) == '"') {
                        StringBuilder quoted = new StringBuilder();
                        at++;
                        while (at < length && text.charAt(at) != '"') {
                            if (text.charAt(at) == '\\' && at + 1 < length) {
                                at++;
                            }
                            quoted.append(text.charAt(at++));
                        }
                        at++;
                        value = quoted.toString().trim();
                    } else {
                        int valueStart = at;
                        while (at < length && text.charAt(at) != ',') {
                            at++;
                        }
                        value = text.substring(valueStart, at).trim();
                    }
                }
                while (at < length && text.charAt(at) != ',') {
                    at++;
                }
                if (!name.isEmpty()) {
                    apply(name, value);
                }
            }
        }

        private void apply(String name, String value) {
            switch (name) {
                case "max-age" -> maxAge = first(maxAge, orZero(deltaSeconds(value)));
                case "s-maxage" -> sMaxAge = first(sMaxAge, orZero(deltaSeconds(value)));
                case "max-stale" -> maxStale = first(maxStale, value == null ? ANY : orAbsent(deltaSeconds(value)));
                case "min-fresh" -> minFresh = first(minFresh, orAbsent(deltaSeconds(value)));
                case "stale-while-revalidate" -> staleWhileRevalidate = first(staleWhileRevalidate, orAbsent(deltaSeconds(value)));
                case "stale-if-error" -> staleIfError = first(staleIfError, orAbsent(deltaSeconds(value)));
                case "no-store" -> noStore = true;
                case "no-cache" -> {
                    if (value == null) {
                        noCache = true;
                        noCacheFields = Set.of();
                    } else if (noCache == null) {
                        noCache = false;
                        noCacheFields = fieldNames(value);
                    }
                }
                case "private" -> {
                    if (value == null) {
                        privateResponse = true;
                        privateFields = Set.of();
                    } else if (privateResponse == null) {
                        privateResponse = false;
                        privateFields = fieldNames(value);
                    }
                }
                case "public" -> publicResponse = true;
                case "must-revalidate" -> mustRevalidate = true;
                case "proxy-revalidate" -> proxyRevalidate = true;
                case "only-if-cached" -> onlyIfCached = true;
                case "immutable" -> immutable = true;
                default -> { }
            }
        }

        CacheControl toCacheControl() {
            return new CacheControl(maxAge, sMaxAge, maxStale, minFresh, staleWhileRevalidate, staleIfError, noStore,
                    Boolean.TRUE.equals(noCache), noCacheFields, Boolean.TRUE.equals(privateResponse), privateFields,
                    publicResponse, mustRevalidate, proxyRevalidate, onlyIfCached, immutable);
        }

        private static long first(long current, long value) {
            return current != ABSENT ? current : value;
        }

        private static long orZero(long value) {
            return value == INVALID ? 0 : value;
        }

        private static long orAbsent(long value) {
            return value == INVALID ? ABSENT : value;
        }
    }

    /** Digits only; {@link #INVALID} otherwise; at most {@link #DELTA_SECONDS_LIMIT}. */
    static long deltaSeconds(String value) {
        if (value == null || value.isEmpty()) {
            return INVALID;
        }
        long seconds = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return INVALID;
            }
            seconds = Math.min(seconds * 10 + (c - '0'), DELTA_SECONDS_LIMIT);
        }
        return seconds;
    }

    private static Set<String> fieldNames(String value) {
        List<String> names = new ArrayList<>();
        for (String name : value.split(",")) {
            String trimmed = name.trim();
            if (!trimmed.isEmpty()) {
                names.add(trimmed.toLowerCase(Locale.ROOT));
            }
        }
        return Set.copyOf(names);
    }

    private static boolean whitespace(char c) {
        return c == ' ' || c == '\t';
    }
}

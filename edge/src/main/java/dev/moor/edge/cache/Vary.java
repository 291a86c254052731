package dev.moor.edge.cache;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Secondary keys (RFC 9111 §4.1): the header fields a response's Vary names, and the normalised values a request
 * has for them. Two requests select the same stored response when their normalised values are equal: list members
 * trimmed and joined by {@code ,}, absent distinct from empty; in lower case for the fields whose values are
 * case-insensitive (Accept, Accept-Charset, Accept-Language); Accept-Encoding reduced to the set of content codings
 * a response may come in (br, deflate, gzip, zstd) that the request accepts, so that {@code gzip, deflate, br} and
 * {@code br;q=1.0, gzip} share a variant and {@code gzip;q=0} is not gzip.
 */
final class Vary {
    /** Vary: * (RFC 9111 §4.1: never matches, so such a response is not stored). */
    static final List<String> ANY = List.of("*");

    private static final String[] CODINGS = {"br", "deflate", "gzip", "zstd"};
    /** The normalised value of each subset of CODINGS, by bit mask. */
    private static final String[] CODING_SETS = new String[1 << CODINGS.length];

    static {
        for (int mask = 0; mask < CODING_SETS.length; mask++) {
            StringBuilder set = new StringBuilder();
            for (int i = 0; i < CODINGS.length; i++) {
                if ((mask & 1 << i) != 0) {
                    set.append(set.isEmpty() ? "" : ",").append(CODINGS[i]);
                }
            }
            CODING_SETS[mask] = set.toString();
        }
    }

    private Vary() {}

    /** The field names a response's Vary lines list, in lower case, each once; {@link #ANY} for {@code *}. */
    static List<String> names(HttpHeaders response) {
        List<String> lines = response.getAll(HttpHeaderNames.VARY);
        if (lines.isEmpty()) {
            return List.of();
        }
        List<String> names = new ArrayList<>(2);
        for (String line : lines) {
            for (String member : line.split(",")) {
                String name = member.trim().toLowerCase(Locale.ROOT);
                if (name.equals("*")) {
                    return ANY;
                }
                if (!name.isEmpty() && !names.contains(name)) {
                    names.add(name);
                }
            }
        }
        return List.copyOf(names);
    }

    /** The request's normalised values of {@code names}, null for an absent field. */
    static List<String> values(List<String> names, HttpHeaders request) {
        List<String> values = new ArrayList<>(names.size());
        for (String name : names) {
            values.add(value(name, request));
        }
        return values;
    }

    /** Whether the request has these normalised values for these names. */
    static boolean matches(List<String> names, List<String> values, HttpHeaders request) {
        for (int i = 0; i < names.size(); i++) {
            String value = value(names.get(i), request);
            String stored = values.get(i);
            if (value == null ? stored != null : !value.equals(stored)) {
                return false;
            }
        }
        return true;
    }

    /** The normalised value of one field of the request, or null when it has no such field. */
    static String value(String name, HttpHeaders request) {
        List<String> lines = request.getAll(name);
        if (lines.isEmpty()) {
            return null;
        }
        if (name.equals("accept-encoding")) {
            return codings(lines);
        }
        boolean caseInsensitive = name.equals("accept") || name.equals("accept-charset") || name.equals("accept-language");
        StringBuilder joined = new StringBuilder();
        for (String line : lines) {
            for (String member : line.split(",")) {
                String trimmed = member.trim();
                if (!trimmed.isEmpty()) {
                    if (!joined.isEmpty()) {
                        joined.append(',');
                    }
                    joined.append(caseInsensitive ? trimmed.toLowerCase(Locale.ROOT) : trimmed);
                }
            }
        }
        return joined.toString();
    }

    /**
     * The codings of {@link #CODINGS} that Accept-Encoding accepts (q > 0, by name or by {@code *}), sorted; read
     * in place, since every lookup of a response that varies on it does this.
     */
    private static String codings(List<String> lines) {
        int accepted = 0;
        int refused = 0;
        boolean anyAccepted = false;
        for (String line : lines) {
            int at = 0;
            while (at <= line.length()) {
                int end = line.indexOf(',', at);
                end = end < 0 ? line.length() : end;
                int semicolon = line.indexOf(';', at);
                semicolon = semicolon < 0 || semicolon > end ? end : semicolon;
                int from = skipSpace(line, at, semicolon);
                int to = trimSpace(line, from, semicolon);
                boolean zero = semicolon < end && zeroQuality(line, semicolon + 1, end);
                if (to - from == 1 && line.charAt(from) == '*') {
                    anyAccepted = !zero;
                } else if (zero) {
                    refused |= bit(line, from, to);
                } else {
                    accepted |= bit(line, from, to);
                }
                at = end + 1;
            }
        }
        if (anyAccepted) {
            accepted |= (1 << CODINGS.length) - 1;
        }
        return CODING_SETS[accepted & ~refused];
    }

    private static int bit(String line, int from, int to) {
        int length = to - from;
        for (int i = 0; i < CODINGS.length; i++) {
            if (CODINGS[i].length() == length && line.regionMatches(true, from, CODINGS[i], 0, length)) {
                return 1 << i;
            }
        }
        return length == 6 && line.regionMatches(true, from, "x-gzip", 0, 6) ? bit("gzip", 0, 4) : 0;
    }

    /** Whether the parameters in {@code line[from, end)} hold {@code q=0} (or 0.0, 0.000): not acceptable. */
    private static boolean zeroQuality(String line, int from, int end) {
        int at = from;
        while (at < end) {
            int parameterEnd = line.indexOf(';', at);
            parameterEnd = parameterEnd < 0 || parameterEnd > end ? end : parameterEnd;
            int name = skipSpace(line, at, parameterEnd);
            if (name < parameterEnd && (line.charAt(name) == 'q' || line.charAt(name) == 'Q')) {
                int equals = skipSpace(line, name + 1, parameterEnd);
                if (equals < parameterEnd && line.charAt(equals) == '=') {
                    int value = skipSpace(line, equals + 1, parameterEnd);
                    return zero(line, value, trimSpace(line, value, parameterEnd));
                }
            }
            at = parameterEnd + 1;
        }
        return false;
    }

    /** {@code 0}, {@code 0.}, {@code 0.0} ... {@code 0.000}: the qvalues that are zero (RFC 9110 §12.4.2). */
    private static boolean zero(String line, int from, int to) {
        int length = to - from;
        if (length < 1 || length > 5 || line.charAt(from) != '0' || length > 1 && line.charAt(from + 1) != '.') {
            return false;
        }
        for (int i = from + 2; i < to; i++) {
            if (line.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }

    private static int skipSpace(String line, int from, int to) {
        int at = from;
        while (at < to && (line.charAt(at) == ' ' || line.charAt(at) == '\t')) {
            at++;
        }
        return at;
    }

    private static int trimSpace(String line, int from, int to) {
        int at = to;
        while (at > from && (line.charAt(at - 1) == ' ' || line.charAt(at - 1) == '\t')) {
            at--;
        }
        return at;
    }
}

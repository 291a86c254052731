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

    /** The codings of {@link #CODINGS} that Accept-Encoding accepts (q > 0, by name or by {@code *}), sorted. */
    private static String codings(List<String> lines) {
        int accepted = 0;
        int refused = 0;
        boolean anyAccepted = false;
        for (String line : lines) {
            for (String member : line.split(",")) {
                int semicolon = member.indexOf(';');
                String coding = (semicolon < 0 ? member : member.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
                boolean zero = semicolon >= 0 && zeroQuality(member.substring(semicolon + 1));
                if (coding.equals("*")) {
                    anyAccepted = !zero;
                    continue;
                }
                int bit = coding.equals("x-gzip") ? bit("gzip") : bit(coding);
                if (zero) {
                    refused |= bit;
                } else {
                    accepted |= bit;
                }
            }
        }
        if (anyAccepted) {
            accepted |= (1 << CODINGS.length) - 1;
        }
        accepted &= ~refused;
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < CODINGS.length; i++) {
            if ((accepted & 1 << i) != 0) {
                if (!out.isEmpty()) {
                    out.append(',');
                }
                out.append(CODINGS[i]);
            }
        }
        return out.toString();
    }

    private static int bit(String coding) {
        for (int i = 0; i < CODINGS.length; i++) {
            if (CODINGS[i].equals(coding)) {
                return 1 << i;
            }
        }
        return 0;
    }

    /** {@code 0}, {@code 0.}, {@code 0.0} ... {@code 0.000}: the qvalues that are zero (RFC 9110 §12.4.2). */
    private static boolean zero(String qvalue) {
        if (qvalue.isEmpty() || qvalue.charAt(0) != '0' || qvalue.length() > 5) {
            return false;
        }
        if (qvalue.length() > 1 && qvalue.charAt(1) != '.') {
            return false;
        }
        for (int i = 2; i < qvalue.length(); i++) {
            if (qvalue.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }

    /** Whether the parameters after a coding hold {@code q=0} (or 0.0, 0.000): the coding is not acceptable. */
    private static boolean zeroQuality(String parameters) {
        for (String parameter : parameters.split(";")) {
            String trimmed = parameter.trim();
            if (trimmed.length() >= 2 && (trimmed.charAt(0) == 'q' || trimmed.charAt(0) == 'Q')) {
                String value = trimmed.substring(1).trim();
                if (value.startsWith("=")) {
                    value = value.substring(1).trim();
                    return zero(value);
                }
            }
        }
        return false;
    }
}

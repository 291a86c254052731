package dev.moor.edge.compression;

import io.netty.util.AsciiString;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The media types whose bodies are worth compressing, as patterns: {@code type/subtype}, {@code type/*}, or a
 * structured syntax suffix such as {@code +json} (RFC 6838 §4.2.8), which matches any type ending in it. Matching
 * ignores case and parameters ({@code text/html; charset=utf-8} is {@code text/html}).
 */
public final class MediaTypes {
    /**
     * Text, and the binary formats that compress well and are not compressed already: WebAssembly (a module
     * shrinks by half or more, and browsers compile it while it streams in), TrueType and OpenType fonts (WOFF and
     * WOFF2 are compressed inside), icons and bitmaps. Images, audio, video, archives and fonts in WOFF are left
     * alone: compressing them again costs CPU and saves nothing.
     */
    public static final List<String> DEFAULTS = List.of(
            "text/*", "+json", "+xml",
            "application/json", "application/xml", "application/javascript", "application/x-javascript",
            "application/ecmascript", "application/yaml", "application/wasm",
            "font/ttf", "font/otf", "application/vnd.ms-fontobject",
            "image/x-icon", "image/vnd.microsoft.icon", "image/bmp");

    private final List<String> patterns;
    private final AsciiString[] exact;
    private final AsciiString[] types;
    private final AsciiString[] suffixes;

    private MediaTypes(List<String> patterns, List<AsciiString> exact, List<AsciiString> types,
                       List<AsciiString> suffixes) {
        this.patterns = patterns;
        this.exact = exact.toArray(AsciiString[]::new);
        this.types = types.toArray(AsciiString[]::new);
        this.suffixes = suffixes.toArray(AsciiString[]::new);
    }

    /**
     * The patterns checked: each {@code type/subtype}, {@code type/*} or {@code +suffix}, of token characters
     * other than {@code *}.
     *
     * @throws IllegalArgumentException naming the first pattern that is none of these, e.g.
     *         {@code mediaTypes[1]: text (expected: type/subtype, type/* or +suffix)}
     */
    public static MediaTypes of(List<String> patterns) {
        List<AsciiString> exact = new ArrayList<>();
        List<AsciiString> types = new ArrayList<>();
        List<AsciiString> suffixes = new ArrayList<>();
        for (int i = 0; i < patterns.size(); i++) {
            String pattern = patterns.get(i);
            String lower = pattern == null ? "" : pattern.toLowerCase(Locale.ROOT);
            int slash = lower.indexOf('/');
            if (lower.length() > 1 && lower.charAt(0) == '+' && tokens(lower, 1, lower.length())) {
                suffixes.add(AsciiString.cached(lower));
            } else if (slash > 0 && lower.endsWith("/*") && slash == lower.length() - 2 && tokens(lower, 0, slash)) {
                types.add(AsciiString.cached(lower.substring(0, slash + 1)));
            } else if (slash > 0 && slash < lower.length() - 1 && tokens(lower, 0, slash)
                    && tokens(lower, slash + 1, lower.length())) {
                exact.add(AsciiString.cached(lower));
            } else {
                throw new IllegalArgumentException("mediaTypes[" + i + "]: " + pattern
                        + " (expected: type/subtype, type/* or +suffix)");
            }
        }
        return new MediaTypes(List.copyOf(patterns), exact, types, suffixes);
    }

    public List<String> patterns() {
        return patterns;
    }

    /** Whether the media type of a Content-Type value matches a pattern; null or blank matches none. */
    public boolean matches(CharSequence contentType) {
        if (contentType == null) {
            return false;
        }
        int length = contentType.length();
        int start = 0;
        while (start < length && space(contentType.charAt(start))) {
            start++;
        }
        int end = start;
        while (end < length && contentType.charAt(end) != ';') {
            end++;
        }
        while (end > start && space(contentType.charAt(end - 1))) {
            end--;
        }
        int count = end - start;
        if (count == 0) {
            return false;
        }
        for (AsciiString type : exact) {
            if (type.length() == count && type.regionMatches(true, 0, contentType, start, count)) {
                return true;
            }
        }
        for (AsciiString type : types) {
            if (type.length() < count && type.regionMatches(true, 0, contentType, start, type.length())) {
                return true;
            }
        }
        for (AsciiString suffix : suffixes) {
            int suffixStart = end - suffix.length();
            if (suffixStart > start && suffix.regionMatches(true, 0, contentType, suffixStart, suffix.length())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return patterns.toString();
    }

    private static boolean tokens(String text, int start, int end) {
        if (start >= end) {
            return false;
        }
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            boolean token = c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || "!#$%&'+-.^_`|~".indexOf(c) >= 0;
            if (!token) {
                return false;
            }
        }
        return true;
    }

    private static boolean space(char c) {
        return c == ' ' || c == '\t';
    }
}

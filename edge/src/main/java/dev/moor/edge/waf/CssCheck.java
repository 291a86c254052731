package dev.moor.edge.waf;

/**
 * CSS that runs script: {@code expression(…)}, {@code url(javascript:…)}, {@code -moz-binding}, {@code behavior},
 * and (from level 2) {@code @import}. CSS escapes, comments and spaces are removed first, as a browser would read
 * through them.
 */
final class CssCheck {
    private CssCheck() {}

    static String inspect(CharSequence in, int level) {
        boolean candidate = false;
        for (int i = 0, n = in.length(); i < n && !candidate; i++) {
            char c = in.charAt(i);
            candidate = c == '(' || c == ':' || c == '@';
        }
        if (!candidate) {
            return null;
        }
        String css = normalize(in);
        if (css.contains("expression(")) {
            return "css-expression";
        }
        int url = css.indexOf("url(");
        while (url >= 0) {
            int p = url + 4;
            while (p < css.length() && (css.charAt(p) == '"' || css.charAt(p) == '\'')) {
                p++;
            }
            if (css.startsWith("javascript", p) || css.startsWith("vbscript", p)) {
                return "css-script-url";
            }
            url = css.indexOf("url(", p);
        }
        if (css.contains("-moz-binding:") || css.contains("behavior:url(")) {
            return "css-binding";
        }
        if (css.contains("@import") && (level >= 2 || css.contains("javascript:") || css.contains("@import'")
                || css.contains("@import\"") || css.contains("@importurl("))) {
            return "css-import";
        }
        return null;
    }

    /** Lower case, without comments, spaces and backslashes, with hexadecimal escapes decoded. */
    private static String normalize(CharSequence in) {
        StringBuilder out = new StringBuilder(in.length());
        int n = in.length();
        for (int i = 0; i < n; i++) {
            char c = in.charAt(i);
            if (c == '/' && i + 1 < n && in.charAt(i + 1) == '*') {
                int close = indexOfClose(in, i + 2);
                i = close < 0 ? n : close + 1;
                continue;
            }
            if (c == '\\') {
                int p = i + 1;
                int value = 0;
                while (p < n && p < i + 7 && Character.digit(in.charAt(p), 16) >= 0) {
                    value = value * 16 + Character.digit(in.charAt(p), 16);
                    p++;
                }
                if (p > i + 1) {
                    out.append(Character.toLowerCase((char) Math.min(value, 0xffff)));
                    i = p - 1;
                }
                continue;
            }
            if (c <= ' ') {
                continue;
            }
            out.append(Character.toLowerCase(c));
        }
        return out.toString();
    }

    private static int indexOfClose(CharSequence in, int from) {
        for (int i = from; i + 1 < in.length(); i++) {
            if (in.charAt(i) == '*' && in.charAt(i + 1) == '/') {
                return i;
            }
        }
        return -1;
    }
}

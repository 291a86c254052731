package dev.moor.edge.waf;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The fields of a {@code multipart/form-data} body: each part's name, filename and, when the part is text, its
 * value. A body without its boundary parameter is inspected as one text value.
 */
final class MultipartValues {
    private MultipartValues() {}

    static boolean extract(byte[] body, int offset, int length, String contentType, ValueSink sink) {
        String boundary = parameter(contentType, "boundary");
        if (boundary == null || boundary.isEmpty()) {
            return sink.value(new String(body, offset, length, StandardCharsets.UTF_8), "body", "");
        }
        String text = new String(body, offset, length, StandardCharsets.ISO_8859_1);
        String delimiter = "--" + boundary;
        int at = text.indexOf(delimiter);
        while (at >= 0) {
            int partStart = at + delimiter.length();
            if (text.startsWith("--", partStart)) {
                return false;
            }
            int next = text.indexOf(delimiter, partStart);
            int partEnd = next < 0 ? text.length() : next;
            if (part(text, partStart, partEnd, sink)) {
                return true;
            }
            at = next;
        }
        return false;
    }

    private static boolean part(String text, int from, int to, ValueSink sink) {
        int headersEnd = indexOf(text, "\r\n\r\n", from, to);
        int separator = 4;
        if (headersEnd < 0) {
            headersEnd = indexOf(text, "\n\n", from, to);
            separator = 2;
            if (headersEnd < 0) {
                return false;
            }
        }
        String name = "";
        String filename = null;
        String type = "";
        for (String line : text.substring(from, headersEnd).split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String header = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = utf8(line.substring(colon + 1).trim());
            if (header.equals("content-disposition")) {
                String fieldName = parameter(value, "name");
                name = fieldName == null ? "" : fieldName;
                filename = parameter(value, "filename");
            } else if (header.equals("content-type")) {
                type = RequestValues.mediaType(value);
            }
        }
        if (filename != null && sink.value(filename, "body multipart-filename", name)) {
            return true;
        }
        if (!name.isEmpty() && sink.value(name, "body multipart-name", name)) {
            return true;
        }
        boolean textual = type.isEmpty() || type.startsWith("text/") || type.endsWith("json")
                || type.endsWith("xml") || type.equals("application/x-www-form-urlencoded");
        int valueEnd = to;
        if (valueEnd >= 2 && text.charAt(valueEnd - 1) == '\n') {
            valueEnd -= text.charAt(valueEnd - 2) == '\r' ? 2 : 1;
        }
        int valueStart = headersEnd + separator;
        return textual && valueEnd > valueStart
                && sink.value(utf8(text.substring(valueStart, valueEnd)), "body multipart", name);
    }

    /** The first {@code s} in {@code text[from, to)}, or -1: a part's search never runs into the next parts. */
    private static int indexOf(String text, String s, int from, int to) {
        for (int p = from; p + s.length() <= to; p++) {
            if (text.startsWith(s, p)) {
                return p;
            }
        }
        return -1;
    }

    /** A parameter of a header value ({@code name="x"} or {@code name=x}), or null. */
    static String parameter(String header, String name) {
        if (header == null) {
            return null;
        }
        String lower = header.toLowerCase(Locale.ROOT);
        int at = 0;
        while ((at = lower.indexOf(name + "=", at)) >= 0) {
            boolean starts = at == 0 || lower.charAt(at - 1) == ';' || lower.charAt(at - 1) == ' ';
            int from = at + name.length() + 1;
            if (!starts) {
                at = from;
                continue;
            }
            if (from < header.length() && header.charAt(from) == '"') {
                int close = header.indexOf('"', from + 1);
                return header.substring(from + 1, close < 0 ? header.length() : close);
            }
            int end = header.indexOf(';', from);
            return header.substring(from, end < 0 ? header.length() : end).trim();
        }
        return null;
    }

    private static String utf8(String latin1) {
        return new String(latin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }
}

package dev.moor.edge;

import io.netty.handler.codec.http.HttpHeaders;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An upstream response head parsed from raw bytes, kept as those bytes plus the positions of the header lines
 * that go on to the client: framing and hop-by-hop lines (and those Connection names) are left out, the rest
 * is copied as received. Reused for every response of one upstream connection.
 *
 * <p>Rejected (the client gets a 502): a status line other than {@code HTTP/1.x NNN reason}, obs-fold, a header
 * name that is not a token, control characters in a value, a bare CR, Content-Length that is not a number or
 * is repeated with another value, Content-Length with Transfer-Encoding, a transfer coding other than chunked.
 */
final class ResponseHead {
    static final int INCOMPLETE = 0;
    static final int INVALID = -1;

    byte[] bytes;
    int status;
    int minorVersion;
    int reasonStart;
    int reasonEnd;
    /** Header lines to keep, as start and end (exclusive, before CRLF) pairs. */
    int[] kept = new int[64];
    int keptCount;
    long contentLength;
    boolean chunked;
    boolean keepAlive;
    /** The head has an Alt-Svc line of its own: the edge adds none. */
    boolean altSvc;
    /** The Upgrade value (start and end), for a 101 that switches to the protocol the request asked for. */
    int upgradeStart;
    int upgradeEnd;
    String problem;
    private int[] listed = new int[8];
    private int listedCount;

    /** Parses {@code bytes[0, length)}: the head's length, {@link #INCOMPLETE} or {@link #INVALID} (see problem). */
    int parse(byte[] source, int length) {
        bytes = source;
        keptCount = 0;
        listedCount = 0;
        contentLength = -1;
        chunked = false;
        altSvc = false;
        upgradeStart = upgradeEnd = 0;
        problem = null;
        int lineFeed = HttpSyntax.indexOf(source, (byte) '\n', 0, length);
        if (lineFeed < 0) {
            return INCOMPLETE;
        }
        int statusEnd = lineFeed > 0 && source[lineFeed - 1] == '\r' ? lineFeed - 1 : lineFeed;
        if (!statusLine(source, statusEnd)) {
            return INVALID;
        }
        boolean close = false;
        boolean keepAliveToken = false;
        int line = lineFeed + 1;
        // One pass per header line: name (token octets) up to ':', optional whitespace, value octets up to CR LF.
        while (true) {
            if (line >= length) {
                return INCOMPLETE;
            }
            byte first = source[line];
            if (first == '\r' || first == '\n') {
                if (first == '\r') {
                    if (line + 1 >= length) {
                        return INCOMPLETE;
                    }
                    if (source[line + 1] != '\n') {
                        return invalid("a bare CR in the response head");
                    }
                    line++;
                }
                break;
            }
            int i = line;
            while (i < length && HttpSyntax.token(source[i])) {
                i++;
            }
            if (i >= length) {
                return INCOMPLETE;
            }
            if (source[i] != ':' || i == line) {
                return invalid(HttpSyntax.whitespace(first) ? "obsolete line folding in the response head"
                        : "an invalid response header name");
            }
            int colon = i++;
            while (i < length && HttpSyntax.whitespace(source[i])) {
                i++;
            }
            int valueStart = i;
            while (i < length && HttpSyntax.fieldValue(source[i])) {
                i++;
            }
            if (i >= length) {
                return INCOMPLETE;
            }
            int end = i;
            if (source[i] == '\r') {
                if (i + 1 >= length) {
                    return INCOMPLETE;
                }
                if (source[i + 1] != '\n') {
                    return invalid("a bare CR in the response head");
                }
                i++;
            } else if (source[i] != '\n') {
                return invalid("a control character in a response header value");
            }
            int valueEnd = end;
            while (valueEnd > valueStart && HttpSyntax.whitespace(source[valueEnd - 1])) {
                valueEnd--;
            }
            switch (HeaderKind.of(source, line, colon - line)) {
                case CONTENT_LENGTH -> {
                    long value = decimal(source, valueStart, valueEnd);
                    if (value < 0 || contentLength >= 0 && contentLength != value) {
                        return invalid("an invalid or conflicting Content-Length in the response");
                    }
                    contentLength = value;
                    keep(line, end);
                }
                case TRANSFER_ENCODING -> {
                    if (chunked || valueEnd - valueStart != 7 || !HeaderKind.equalsLowerCase(source, valueStart, "chunked")) {
                        return invalid("a transfer coding other than chunked in the response");
                    }
                    chunked = true;
                }
                case CONNECTION -> {
                    int token = valueStart;
                    while (token < valueEnd) {
                        int comma = HttpSyntax.indexOf(source, (byte) ',', token, valueEnd);
                        int tokenEnd = comma < 0 ? valueEnd : comma;
                        int from = token;
                        int to = tokenEnd;
                        while (from < to && HttpSyntax.whitespace(source[from])) {
                            from++;
                        }
                        while (to > from && HttpSyntax.whitespace(source[to - 1])) {
                            to--;
                        }
                        if (to - from == 5 && HeaderKind.equalsLowerCase(source, from, "close")) {
                            close = true;
                        } else if (to - from == 10 && HeaderKind.equalsLowerCase(source, from, "keep-alive")) {
                            keepAliveToken = true;
                        } else if (to > from) {
                            listed(from, to);
                        }
                        token = tokenEnd + 1;
                    }
                }
                case UPGRADE -> {
                    upgradeStart = valueStart;
                    upgradeEnd = valueEnd;
                }
                case ALT_SVC -> {
                    altSvc = true;
                    keep(line, end);
                }
                case KEEP_ALIVE, PROXY_CONNECTION, TE, TRAILER, X_REQUEST_ID -> { }
                default -> keep(line, end);
            }
            line = i + 1;
        }
        if (chunked && contentLength >= 0) {
            return invalid("both Content-Length and Transfer-Encoding in the response");
        }
        if (listedCount > 0) {
            dropListed();
        }
        keepAlive = !close && (minorVersion == 1 || keepAliveToken);
        return line + 1;
    }

    /** Adds the kept header lines to {@code headers} (for a client that takes decoded messages). */
    void copyHeaders(HttpHeaders headers) {
        copyLines(bytes, kept, keptCount, headers);
    }

    /** Adds the header lines {@code bytes[lines[2i], lines[2i+1])} (each {@code name: value}) to {@code headers}. */
    static void copyLines(byte[] bytes, int[] lines, int count, HttpHeaders headers) {
        for (int i = 0; i < count; i++) {
            int start = lines[i * 2];
            int end = lines[i * 2 + 1];
            int colon = HttpSyntax.indexOf(bytes, (byte) ':', start, end);
            int valueStart = valueStart(bytes, colon, end);
            int valueEnd = valueEnd(bytes, valueStart, end);
            headers.add(new String(bytes, start, colon - start, StandardCharsets.ISO_8859_1),
                    new String(bytes, valueStart, valueEnd - valueStart, StandardCharsets.ISO_8859_1));
        }
    }

    /** Where the value of the header line whose colon is at {@code colon} starts: after optional whitespace. */
    static int valueStart(byte[] bytes, int colon, int lineEnd) {
        int at = colon + 1;
        while (at < lineEnd && HttpSyntax.whitespace(bytes[at])) {
            at++;
        }
        return at;
    }

    /** Where that value ends: before trailing whitespace. */
    static int valueEnd(byte[] bytes, int valueStart, int lineEnd) {
        int at = lineEnd;
        while (at > valueStart && HttpSyntax.whitespace(bytes[at - 1])) {
            at--;
        }
        return at;
    }

    private boolean statusLine(byte[] source, int end) {
        if (end < 12 || source[0] != 'H' || source[1] != 'T' || source[2] != 'T' || source[3] != 'P' || source[4] != '/'
                || source[5] != '1' || source[6] != '.' || source[7] != '0' && source[7] != '1' || source[8] != ' ') {
            problem = "an invalid response status line";
            return false;
        }
        minorVersion = source[7] - '0';
        int code = 0;
        for (int i = 9; i < 12; i++) {
            if (source[i] < '0' || source[i] > '9') {
                problem = "an invalid response status code";
                return false;
            }
            code = code * 10 + source[i] - '0';
        }
        if (code < 100) {
            problem = "an invalid response status code";
            return false;
        }
        status = code;
        if (end == 12) {
            reasonStart = reasonEnd = 12;
            return true;
        }
        if (source[12] != ' ') {
            problem = "an invalid response status line";
            return false;
        }
        for (int i = 13; i < end; i++) {
            if (!HttpSyntax.fieldValue(source[i])) {
                problem = "a control character in the response reason";
                return false;
            }
        }
        reasonStart = 13;
        reasonEnd = end;
        return true;
    }

    private static long decimal(byte[] source, int start, int end) {
        if (end <= start || end - start > 18) {
            return -1;
        }
        long value = 0;
        for (int i = start; i < end; i++) {
            if (source[i] < '0' || source[i] > '9') {
                return -1;
            }
            value = value * 10 + source[i] - '0';
        }
        return value;
    }

    private int invalid(String why) {
        problem = why;
        return INVALID;
    }

    private void keep(int start, int end) {
        if (keptCount * 2 + 2 > kept.length) {
            kept = Arrays.copyOf(kept, kept.length * 2);
        }
        kept[keptCount * 2] = start;
        kept[keptCount * 2 + 1] = end;
        keptCount++;
    }

    private void listed(int start, int end) {
        if (listedCount * 2 + 2 > listed.length) {
            listed = Arrays.copyOf(listed, listed.length * 2);
        }
        listed[listedCount * 2] = start;
        listed[listedCount * 2 + 1] = end;
        listedCount++;
    }

    /** Leaves out the kept lines whose name the Connection header listed (framing lines stay). */
    private void dropListed() {
        int out = 0;
        for (int line = 0; line < keptCount; line++) {
            int start = kept[line * 2];
            int colon = HttpSyntax.indexOf(bytes, (byte) ':', start, kept[line * 2 + 1]);
            boolean drop = HeaderKind.of(bytes, start, colon - start) != HeaderKind.CONTENT_LENGTH
                    && isListed(start, colon);
            if (!drop) {
                kept[out * 2] = start;
                kept[out * 2 + 1] = kept[line * 2 + 1];
                out++;
            }
        }
        keptCount = out;
    }

    private boolean isListed(int nameStart, int nameEnd) {
        for (int i = 0; i < listedCount; i++) {
            int from = listed[i * 2];
            int length = listed[i * 2 + 1] - from;
            if (length == nameEnd - nameStart && equalsIgnoreCase(bytes, from, nameStart, length)) {
                return true;
            }
        }
        return false;
    }

    private static boolean equalsIgnoreCase(byte[] bytes, int a, int b, int length) {
        for (int i = 0; i < length; i++) {
            if (Character.toLowerCase(bytes[a + i]) != Character.toLowerCase(bytes[b + i])) {
                return false;
            }
        }
        return true;
    }
}
